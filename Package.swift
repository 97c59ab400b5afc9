// swift-tools-version:6.2
import Foundation
import PackageDescription

let testSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]
let swiftSettings = testSwiftSettings + [
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["QuireCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-http-structured-headers.git", from: "1.7.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // Only its bcrypt (HummingbirdBcrypt), for the admin's passwords.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // PostgreSQL, for blogs that many processes serve (database.url).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Outbound HTTP for federation: fetching actors and keys, delivering activities.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Already in the graph through Hummingbird; named for the background services.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Measurements (already in the graph through Hummingbird), and Prometheus's text format
        // for `GET /metrics` on `server.metrics_port`.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // libvips (Debian's libvips-dev), for the media's images: its headers and library.
        .systemLibrary(
            name: "CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        // A few C functions over libvips's variadic API, which Swift can't call directly.
        .target(name: "VipsShim", dependencies: ["CVips"]),
        .target(
            name: "QuireCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the one-statement probe of CommitVersion.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "VipsShim",
            ],
            // Each engine's .sql files travel inside the binary's bundle, in their folders
            // (Migrations/sqlite, Migrations/postgres); the top-level Migrations/ links here.
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuireWeb",
            dependencies: [
                "QuireCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CompressNIO", package: "compress-nio"),
                // SHA-256, for the digests that find rendered comments (already built for QuireCore).
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Templates"), .copy("Static"), .copy("OpenAPI")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "QuireCLI",
            dependencies: [
                "QuireCore",
                "QuireWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // What both test targets share: the PostgreSQL server the tests may use.
        .target(
            name: "QuireTestSupport",
            dependencies: [
                "QuireCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/QuireTestSupport",
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "QuireCoreTests",
            dependencies: [
                "QuireCore",
                "QuireTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "QuireWebTests",
            dependencies: [
                "QuireCore",
                "QuireTestSupport",
                "QuireWeb",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: testSwiftSettings
        ),
    ]
)

// The fuzz targets (scripts/fuzz.sh, Fuzz/): only when QUIRE_FUZZ is set, since they build with
// libFuzzer and AddressSanitizer (`-sanitize=fuzzer,address`) into a folder of their own.
if ProcessInfo.processInfo.environment["QUIRE_FUZZ"] != nil {
    package.targets += [
        // libFuzzer's driver function, declared for Swift.
        .target(name: "CLibFuzzer", path: "Fuzz/Sources/CLibFuzzer"),
        .executableTarget(
            name: "QuireFuzz",
            dependencies: [
                "QuireCore", "QuireWeb", "CLibFuzzer",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Fuzz/Sources/QuireFuzz"
        ),
    ]
}

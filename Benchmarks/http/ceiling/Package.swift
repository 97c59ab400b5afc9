// swift-tools-version:6.0
// The ceiling for Quire's cached pages: Hummingbird alone answering every GET with one file's
// bytes, held in memory. Built and run only by `Benchmarks/http/run.sh --ceiling`.
import PackageDescription

let package = Package(
    name: "ceiling",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(name: "ceiling", dependencies: [.product(name: "Hummingbird", package: "hummingbird")]),
    ]
)

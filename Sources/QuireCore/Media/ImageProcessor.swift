import Dispatch
import VipsShim

/// One size of an image, encoded, with nothing of the upload's metadata left.
public struct ProcessedImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var format: ImageFormat
    public var bytes: [UInt8]
}

/// Makes an upload's sizes with libvips: upright, metadata removed, each width of
/// `media.widths` that is narrower than the image and the full size, in the image's own format
/// and in WebP. The work runs on Dispatch threads, never on the event loop or Swift's
/// cooperative pool, and at most `concurrentImages` images are processed at once.
public final class ImageProcessor: Sendable {
    public enum Failure: Error, Equatable {
        /// libvips could not start (its message).
        case unavailable(String)
        /// The bytes could not be decoded or encoded (libvips's message).
        case undecodable(String)
    }

    private let gate: ConcurrencyGate
    private static let started: Result<Void, Failure> = {
        quire_vips_start() == 0 ? .success(()) : .failure(.unavailable("libvips could not start"))
    }()

    public init(concurrentImages: Int) throws(Failure) {
        try Self.started.get()
        gate = ConcurrencyGate(limit: concurrentImages)
    }

    /// The sizes of an image whose header has been read and checked; the full size first.
    public func sizes(of bytes: [UInt8], header: ImageHeader, widths: [Int]) async throws -> [ProcessedImage] {
        try await gate.run {
            try await Self.onDispatch { try Self.sizes(of: bytes, header: header, widths: widths) }
        }
    }

    /// The full size in the image's own format, then each narrower width in both formats. The
    /// full size is made in WebP too only when the image is not wider than every width of
    /// `media.widths`: past the widest width no page column needs more, and a 24-megapixel WebP
    /// costs seconds and hundreds of MB.
    private static func sizes(of bytes: [UInt8], header: ImageHeader, widths: [Int]) throws(Failure) -> [ProcessedImage] {
        defer { quire_vips_release_memory() }
        let animated = header.frames > 1
        let formats = header.format == .webp ? [ImageFormat.webp] : [header.format, .webp]
        // Asked for its longest side, the image comes out whole and upright, whatever its orientation.
        let fullSize = try resize(bytes, width: max(header.width, header.height), animated: animated, format: formats[0])
        var images = [fullSize]
        let narrower = Set(widths).filter { $0 < fullSize.width }.sorted(by: >)
        if narrower.count < Set(widths).count {
            for format in formats.dropFirst() {
                images.append(try resize(bytes, width: fullSize.width, animated: animated, format: format))
            }
        }
        for width in narrower {
            for format in formats {
                images.append(try resize(bytes, width: width, animated: animated, format: format))
            }
        }
        return images
    }

    private static func resize(_ bytes: [UInt8], width: Int, animated: Bool, format: ImageFormat) throws(Failure) -> ProcessedImage {
        var result = quire_encoded()
        let status = bytes.withUnsafeBytes { buffer in
            quire_vips_resize(buffer.baseAddress, buffer.count, Int32(clamping: width), animated ? 1 : 0, format.vipsFormat, &result)
        }
        defer { quire_vips_free(result.bytes) }
        guard status == 0, let encoded = result.bytes else {
            let message = withUnsafeBytes(of: &result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw .undecodable(message.split(separator: "\n").first.map(String.init) ?? "libvips failed")
        }
        return ProcessedImage(
            width: Int(result.width),
            height: Int(result.height),
            format: format,
            bytes: Array(UnsafeBufferPointer(start: encoded, count: result.length))
        )
    }

    /// Runs blocking work on a Dispatch thread and waits for it without blocking a Swift thread.
    private static func onDispatch<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}

extension ImageFormat {
    fileprivate var vipsFormat: quire_format {
        switch self {
        case .jpeg: QUIRE_FORMAT_JPEG
        case .png: QUIRE_FORMAT_PNG
        case .webp: QUIRE_FORMAT_WEBP
        case .gif: QUIRE_FORMAT_GIF
        }
    }
}

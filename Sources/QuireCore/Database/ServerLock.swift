import Foundation

/// A lock on `{database}.lock`: every `quire serve` holds it shared while it runs, and a command
/// that must not run beside a server (`quire restore`) takes it exclusive, or refuses. The
/// kernel lets go of it when the process ends, however it ends.
public final class ServerLock: Sendable {
    private let descriptor: Int32

    public enum Mode: Sendable {
        /// A server: any number may hold it at once.
        case shared
        /// A command that replaces the database: no server may hold it.
        case exclusive
    }

    /// Why the lock was not taken.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case held(path: String)
        case unavailable(path: String, reason: String)

        public var description: String {
            switch self {
            case .held(let path): "a quire server is using this database (it holds \(path)), or a restore is under way; stop the server first"
            case .unavailable(let path, let reason): "can't open the lock file \(path): \(reason)"
            }
        }
    }

    /// Takes the lock of the database at `databasePath` (making its folder if needed), or throws
    /// at once if another process holds it in a way that excludes `mode`.
    public init(databasePath: String, mode: Mode) throws(Failure) {
        let path = databasePath + ".lock"
        try? FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unavailable(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 else {
            close(descriptor)
            throw .held(path: path)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

import Foundation

/// A SQLite database written as a new file: made under a temporary name beside it and given its
/// name only once complete, so a copy that fails or is interrupted never leaves a half-written
/// file under that name (`quire backup` and `quire copy-database` on PostgreSQL, the blog
/// `quire restore` keeps).
public enum NewSQLiteFile {
    /// The file is there already and holds something.
    public struct Exists: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) already exists; give the name of a file that doesn't" }
    }

    /// Runs `body` on the new database, then moves it to `path`; an empty file there is always
    /// replaced, any other only when `replacing`.
    public static func write<Result: Sendable>(
        to path: String, replacing: Bool, _ body: @escaping @Sendable (AppDatabase) async throws -> Result
    ) async throws -> Result {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > 0, !replacing { throw Exists(path: path) }
        let target = URL(fileURLWithPath: path)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)").path
        do {
            let database = try AppDatabase.open(path: partial)
            let result = try await body(database)
            try database.close()
            // The new file has no journal left; an old one beside the name would be read with it.
            for suffix in ["-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: partial + suffix)
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
            guard rename(partial, path) == 0 else {
                throw AppDatabase.BackupError.failed("can't move the finished copy to \(path): \(String(cString: strerror(errno)))")
            }
            return result
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            throw error
        }
    }
}

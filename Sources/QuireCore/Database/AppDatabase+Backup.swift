import Foundation
import GRDB

extension AppDatabase {
    /// Why a backup was not written.
    public enum BackupError: Error, Equatable, CustomStringConvertible {
        case exists(String)
        case failed(String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; choose another name, or pass --force to replace it"
            case .failed(let reason): "the backup failed: \(reason)"
            }
        }
    }

    /// Writes a consistent copy of the database to `path` with `VACUUM INTO`: one read
    /// transaction, so a server using the same file keeps serving and writing meanwhile. The copy
    /// is made beside the target and renamed into place, then checked with `integrity_check`.
    public func backup(to path: String, replacing: Bool = false) async throws {
        let target = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: target.path), !replacing { throw BackupError.exists(path) }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: partial) }
        do {
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [partial.path])
            }
        } catch let error as DatabaseError {
            throw BackupError.failed(error.message ?? "\(error.resultCode)")
        }
        let check = try DatabaseQueue(path: partial.path)
        let result = try await check.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        try check.close()
        guard result == "ok" else { throw BackupError.failed("the copy does not pass integrity_check: \(result ?? "no answer")") }
        // rename(2) puts the finished copy in place at once, replacing an older one.
        guard rename(partial.path, target.path) == 0 else {
            throw BackupError.failed("can't move the copy to \(path): \(String(cString: strerror(errno)))")
        }
    }
}

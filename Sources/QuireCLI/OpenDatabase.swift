import Foundation
import QuireCore
import Synchronization

/// The database's lock, held shared for as long as the command runs, so that `quire restore`
/// refuses while any server or command has the database open (`ServerLock`).
private let heldLocks = Mutex<[ServerLock]>([])

/// Opens and migrates the blog's database for a command, saying on standard error when an
/// existing database is about to be upgraded: some migrations rewrite a large blog's tables for
/// a minute or more, and a command that printed nothing meanwhile would look hung.
func openDatabase(_ config: QuireConfig, pageCacheMiB: Int? = nil) throws -> AppDatabase {
    let lock = try ServerLock(databasePath: config.database.path, mode: .shared)
    heldLocks.withLock { $0.append(lock) }
    return try AppDatabase.open(path: config.database.path, pageCacheMiB: pageCacheMiB) { pending in
        let message = """
            Updating the database \(config.database.path) (\(pending.joined(separator: ", "))). On a large \
            blog this can take a few minutes; if it is stopped, nothing is lost and it starts again next time.

            """
        FileHandle.standardError.write(Data(message.utf8))
    }
}

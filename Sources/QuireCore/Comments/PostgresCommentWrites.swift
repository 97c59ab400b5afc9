import PostgresNIO
import Synchronization

extension CommentWriteQueue where Job == @Sendable (PostgresConnection) async throws -> Comment {
    /// PostgreSQL's: one transaction, which takes the change counter before any client's lock, so
    /// the groups of two processes wait for each other whole instead of deadlocking over locks
    /// taken in opposite orders. `database` owns the queue, so it outlives every write.
    static func postgres(_ database: PostgresDatabase) -> CommentWriteQueue {
        CommentWriteQueue { [unowned database] jobs in
            do {
                return try await database.transaction { connection in
                    try await connection.lockChangeCounter()
                    var results: [Result<Comment, any Error>] = []
                    for job in jobs {
                        try await connection.execute("SAVEPOINT comment")
                        do {
                            let comment = try await job(connection)
                            try await connection.execute("RELEASE SAVEPOINT comment")
                            results.append(.success(comment))
                        } catch where !PostgresFailure.isConnectionFailure(error) {
                            try await connection.execute("ROLLBACK TO SAVEPOINT comment")
                            results.append(.failure(PostgresFailure.isOutage(error) ? StoreError.unavailable : error))
                        }
                    }
                    return results
                }
            } catch {
                return Array(repeating: .failure(error), count: jobs.count)
            }
        }
    }
}

extension PostgresDatabase {
    /// New comments are written through this queue, in groups (see `CommentWriteQueue`); made at
    /// its first use, as it refers back to the database.
    var commentWrites: CommentWriteQueue<@Sendable (PostgresConnection) async throws -> Comment> {
        commentQueue.withLock { queue in
            if let queue { return queue }
            let made = CommentWriteQueue.postgres(self)
            queue = made
            return made
        }
    }
}

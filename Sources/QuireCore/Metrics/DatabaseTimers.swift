import CoreMetrics

/// The database's timers of one engine, one per `QueryKind`, made once: a statement's time is
/// recorded without a lookup in the factory.
public struct DatabaseTimers: Sendable {
    private let timers: [QueryKind: Timer]

    public init(engine: String, metrics: QuireMetrics) {
        timers = Dictionary(uniqueKeysWithValues: QueryKind.allCases.map { ($0, metrics.databaseTime(engine: engine, kind: $0)) })
    }

    public func record(_ kind: QueryKind, nanoseconds: Int64) {
        timers[kind]?.recordNanoseconds(nanoseconds)
    }

    /// Times `operation` under `kind`, whether it returns or throws.
    func time<Result>(_ kind: QueryKind, _ operation: () async throws -> Result) async rethrows -> Result {
        let start = ContinuousClock.now
        defer { record(kind, nanoseconds: (ContinuousClock.now - start).nanoseconds) }
        return try await operation()
    }
}

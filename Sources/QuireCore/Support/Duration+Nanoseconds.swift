extension Duration {
    /// The whole duration in nanoseconds, as timers and C calls take it.
    public var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

import Foundation

/// Where each engine's `.sql` files of the top-level `Migrations/` folder are found at run time.
enum MigrationResources {
    static func directory(for engine: DatabaseEngine) -> URL? {
        Bundle.module.resourceURL?.appendingPathComponent("Migrations/\(engine.rawValue)", isDirectory: true)
    }
}

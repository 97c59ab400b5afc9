import Foundation

/// Where the `.sql` files of the top-level `Migrations/` folder are found at run time.
enum MigrationResources {
    static var directory: URL? { Bundle.module.resourceURL }
}

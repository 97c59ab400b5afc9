import Foundation
import PostgresNIO

extension Doctor {
    /// Every finding for a blog on PostgreSQL (`database.url`): reachable, migrated, its images
    /// whole. Its disk is the database server's, which PostgreSQL's own tools watch.
    public func examine(postgres database: PostgresDatabase) async -> [DoctorFinding] {
        var findings = [addressFinding()]
        do {
            try await database.checkReachable()
            findings.append(DoctorFinding("database", .ok, "\(database.address) answers"))
            // A new, empty database has no migration table yet: nothing is applied.
            let hasMigrations = try await database.rows("SELECT to_regclass('quire_migration') IS NOT NULL").first?.decode(Bool.self) ?? false
            let applied = hasMigrations ? try await migrations.applied(in: database) : []
            findings.append(migrationFinding(applied: Set(applied)))
            if !applied.isEmpty {
                let (images, files) = try await database.rows("SELECT (SELECT count(*) FROM media)::bigint, (SELECT count(*) FROM media_file)::bigint")
                    .first?.decode((Int, Int).self) ?? (0, 0)
                let withoutFiles = try await database.rows(PostgresQuery(unsafeSQL: Self.imagesWithoutFiles)).map { try $0.decode(String.self) }
                findings.append(Self.mediaFinding(images: images, files: files, withoutFiles: withoutFiles))
            }
        } catch {
            findings.append(DoctorFinding("database", .problem, "\(error)", advice: "Check that PostgreSQL runs and that database.url names it rightly"))
        }
        findings.append(DoctorFinding("disk", .ok, "not checked here: PostgreSQL keeps the blog on its own server's disk"))
        findings.append(imageProcessingFinding())
        return findings
    }
}

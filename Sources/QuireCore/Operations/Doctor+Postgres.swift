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
                let counts = try await database.rows(
                    "SELECT (SELECT count(*) FROM media)::bigint, (SELECT count(*) FROM media_file)::bigint, (SELECT count(*) FROM media WHERE NOT EXISTS (SELECT 1 FROM media_file WHERE media_id = media.id))::bigint"
                ).first?.decode((Int, Int, Int).self) ?? (0, 0, 0)
                findings.append(
                    counts.2 == 0
                        ? DoctorFinding("media", .ok, "\(counts.0) images, \(counts.1) files, all in the database")
                        : DoctorFinding("media", .problem, "\(counts.2) images without any file", advice: "Delete them in the admin's Media screen and upload them again")
                )
            }
        } catch {
            findings.append(DoctorFinding("database", .problem, "\(error)", advice: "Check that PostgreSQL runs and that database.url names it rightly"))
        }
        findings.append(DoctorFinding("disk", .ok, "not checked here: PostgreSQL keeps the blog on its own server's disk"))
        findings.append(imageProcessingFinding())
        return findings
    }
}

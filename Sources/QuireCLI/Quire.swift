import ArgumentParser

/// The `quire` command: serve a blog, migrate its database, import posts.
@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "A self-hosted blog server: one binary, one SQLite file.",
        subcommands: [Serve.self, Migrate.self, Import.self, ImportWordPress.self, Token.self, UserCommand.self, Theme.self, Backup.self, Restore.self, CopyDatabase.self, DoctorCommand.self],
        defaultSubcommand: nil
    )
}

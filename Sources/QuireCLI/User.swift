import ArgumentParser
import Foundation
import QuireCore

/// `quire user …`: the people who sign in to the admin. No email is ever sent: each command
/// prints a one-time link, valid for 24 hours, alone on the last line.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add admin users and make new sign-in links.",
        subcommands: [Create.self, Reset.self]
    )

    /// `quire user create --email E --name N [--role admin|author]`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints the link where they choose a password.")

        @OptionGroup var options: ConfigOptions

        @Option(name: .long, help: "The email they sign in with (no mail is sent to it).")
        var email: String

        @Option(name: .long, help: "Their name, shown on their posts.")
        var name: String

        @Option(name: .long, help: "admin (everything) or author (their own posts).")
        var role: UserRole = .author

        func run() async throws {
            try await runReportingFailure {
                let config = try options.load()
                let (email, name, role) = (email, name, role)
                let (user, token) = try await withBlogDatabase(config) { store in
                    let now = WallClock.system.now()
                    let user: User
                    do {
                        user = try await store.users.create(email: email, name: name, role: role, now: now)
                    } catch StoreError.conflict {
                        throw CLIError("A user with the email \(email) already exists; `quire user reset --email \(email)` makes them a new sign-in link.")
                    } catch StoreError.invalid(let field, let message) {
                        throw CLIError("--\(field) \(message).")
                    }
                    return (user, try await store.users.signInLink(forUserID: user.id ?? 0, now: now))
                }
                print("Added \(user.name) <\(user.email)> as \(user.role.rawValue). Send them this link; it works once, for 24 hours:")
                print(config.site.absoluteURL("/admin/welcome?token=\(token)"))
            }
        }
    }

    /// `quire user reset --email E`: for a forgotten password.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a new sign-in link for a user who forgot their password.")

        @OptionGroup var options: ConfigOptions

        @Option(name: .long, help: "The user's email.")
        var email: String

        func run() async throws {
            try await runReportingFailure {
                let config = try options.load()
                let email = email
                let (user, token) = try await withBlogDatabase(config) { store in
                    guard let user = try await store.users.user(email: email) else {
                        throw CLIError("No user has the email \(email); `quire user create --email \(email) --name NAME` adds one.")
                    }
                    return (user, try await store.users.signInLink(forUserID: user.id ?? 0, now: WallClock.system.now()))
                }
                print("A new sign-in link for \(user.name) <\(user.email)>; it works once, for 24 hours, and their old password keeps working until they use it:")
                print(config.site.absoluteURL("/admin/welcome?token=\(token)"))
            }
        }
    }
}

extension UserRole: ExpressibleByArgument {}

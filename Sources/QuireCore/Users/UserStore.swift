import Foundation

/// The admin's users and their one-time sign-in links. Emails are compared without regard to
/// ASCII case. `StoreError.notFound` for a user or link that isn't there (or no longer works).
public protocol UserStore: Sendable {
    /// Adds a user without a password; `signInLink` gives them a way to choose one.
    /// `StoreError.conflict(field: "email")` when another user has the email.
    func create(email: String, name: String, role: UserRole, now: Date) async throws -> User
    /// A new one-time link token for the user, valid for `User.signInLinkLifetime`; older links
    /// stop working.
    func signInLink(forUserID userID: Int64, now: Date) async throws -> String
    /// The user a link is for, while it works.
    func user(forLink token: String, now: Date) async throws -> User?
    /// A link that makes the first admin, while the blog has no user (nil once it has one);
    /// each call replaces the previous such link.
    func firstAdminLink(now: Date) async throws -> String?
    /// Whether `token` is a working first-admin link and the blog still has no user.
    func isFirstAdminLink(_ token: String, now: Date) async throws -> Bool
    /// Makes the first admin through a first-admin link, which is then used up. Refused
    /// (`StoreError.notFound`) when the link doesn't work or someone else was quicker.
    func createFirstAdmin(email: String, name: String, passwordHash: String, link token: String, now: Date) async throws -> User
    /// Sets the password of the link's user and uses the link up; every session they had ends,
    /// and every link still open.
    func setPassword(hash: String, link token: String, now: Date) async throws -> User
    /// Changes a signed-in user's password; every session they had ends, and every link.
    func changePassword(hash: String, userID: Int64) async throws
    /// Stores the same password hashed at another cost (after a sign-in): sessions stay.
    func rehash(userID: Int64, hash: String) async throws
    func user(email: String) async throws -> User?
    func user(id: Int64) async throws -> User?
    /// Every user, by name (ASCII case folded), then id.
    func all() async throws -> [User]
    func count() async throws -> Int
    /// Changes a user's role; the last admin stays one (`StoreError.invalid(field: "role", …)`).
    func changeRole(userID: Int64, to role: UserRole) async throws
    /// Removes a user and their sessions; their posts stay, owned by no one (admins edit them).
    /// The last admin can't be removed.
    func remove(userID: Int64) async throws
}

extension StoreError {
    /// Why a change that would leave the blog without an admin is refused.
    static let lastAdmin = StoreError.invalid(field: "role", message: "the blog needs at least one admin")
}

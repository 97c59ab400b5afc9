import Foundation

extension User {
    /// How long a sign-in link works (SPEC §9).
    public static let signInLinkLifetime: TimeInterval = 24 * 3600

    /// An email and a name as typed, trimmed and checked by `validate`.
    static func checked(email: String, name: String) throws -> (email: String, name: String) {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        try validate(email: email, name: name)
        return (email, name)
    }

    /// The rules for a user's email and name, the same for every way a user is made.
    public static func validate(email: String, name: String) throws {
        guard looksLikeEmail(email) else { throw StoreError.invalid(field: "email", message: "must be an email address") }
        guard !name.isEmpty, !name.containsControlCharacters(), name.count <= 100 else {
            throw StoreError.invalid(field: "name", message: "must be 1 to 100 characters")
        }
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.count <= 254
            && !text.contains(where: \.isWhitespace) && !text.containsControlCharacters()
    }
}

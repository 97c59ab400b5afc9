import Foundation

/// Where a PostgreSQL database is and how to sign in to it, read from
/// `postgres://USER:PASS@HOST:PORT/DB` (`database.url`). `?sslmode=disable|prefer|require` chooses
/// TLS, as libpq's option of that name does (and `verify-full` also checks the server's
/// certificate); without it, TLS is used when the server offers it.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Reads a URL (user, password and database percent-encoded, as in libpq's), or says in one phrase what is wrong with it (never repeating the password).
    public init(url text: String) throws(PostgresAddressError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql"
        else { throw PostgresAddressError("is not a postgres://USER:PASS@HOST:PORT/DB URL") }
        guard let host = components.host, !host.isEmpty else { throw PostgresAddressError("names no host") }
        guard let username = components.percentEncodedUser?.removingPercentEncoding, !username.isEmpty else {
            throw PostgresAddressError("names no user (postgres://USER:PASS@HOST:PORT/DB)")
        }
        let database = String(components.percentEncodedPath.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresAddressError("names no database after the host (postgres://USER:PASS@HOST:PORT/DB)")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw PostgresAddressError("has a port outside 1 to 65535")
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw PostgresAddressError("has an unknown option '\(item.name)' (only sslmode is read)") }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw PostgresAddressError("has sslmode '\(item.value ?? "")'; use disable, prefer, require or verify-full")
            }
            tls = mode
        }
        self.init(
            host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: components.port ?? 5432,
            username: username, password: components.percentEncodedPassword?.removingPercentEncoding, database: database, tls: tls
        )
    }

    /// The address without its password, for messages and logs.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}

/// Why a `database.url` can't be used.
public struct PostgresAddressError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

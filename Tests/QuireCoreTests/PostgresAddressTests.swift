import QuireCore
import Testing

@Suite struct PostgresAddressTests {
    @Test func readsEveryPartOfTheURL() throws {
        let address = try PostgresAddress(url: "postgres://blog%40x:p%3Ass@db.example:6543/my%20blog?sslmode=require")
        #expect(address == PostgresAddress(host: "db.example", port: 6543, username: "blog@x", password: "p:ss", database: "my blog", tls: .require))
        #expect(address.description == "postgres://blog@x@db.example:6543/my blog")
        #expect(try PostgresAddress(url: "postgres://u:50%25off@h/a%2541").password == "50%off", "decoded once")
        #expect(try PostgresAddress(url: "postgres://u:50%25off@h/a%2541").database == "a%41")
        #expect(try PostgresAddress(url: "postgres://u:p@h/db?sslmode=verify-full").tls == .verifyFull)
        #expect(try PostgresAddress(url: "postgresql://quire@[::1]/quire") == PostgresAddress(host: "::1", username: "quire", password: nil, database: "quire"))
    }

    @Test(arguments: [
        ("mysql://u:p@h/db", "is not a postgres://USER:PASS@HOST:PORT/DB URL"),
        ("postgres://h/db", "names no user (postgres://USER:PASS@HOST:PORT/DB)"),
        ("postgres://u:p@h", "names no database after the host (postgres://USER:PASS@HOST:PORT/DB)"),
        ("postgres://u:p@h/db?sslmode=verify-ca", "has sslmode 'verify-ca'; use disable, prefer, require or verify-full"),
        ("postgres://u:p@h/db?timeout=3", "has an unknown option 'timeout' (only sslmode is read)"),
    ])
    func refusesWhatItCannotUse(url: String, problem: String) {
        #expect(throws: PostgresAddressError(problem)) { try PostgresAddress(url: url) }
    }
}

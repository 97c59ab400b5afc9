import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuireCore
import QuireWeb
import Testing

@Suite struct LiveServerTests {
    @Test func servesPagesAndJSONOnARealPort() async throws {
        var config = QuireConfig()
        config.server.port = 0
        let database = try AppDatabase.inMemory()
        let store = SQLitePostStore(database: database, defaultAuthor: "Quire")
        _ = try await store.addIfEmpty(WelcomePosts.drafts(now: Date()), now: Date())
        let services = try await QuireServices(config: config, store: .sqlite(database))
        let app = buildApplication(services: services, logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.status == .ok)
            #expect(home.headers[.server] == "Quire")
            #expect(String(buffer: home.body).contains("Welcome to Quire"))

            let api = try await client.execute(uri: "/api/posts", method: .get)
            #expect(api.status == .ok)
            #expect(String(buffer: api.body).contains("\"slug\":\"welcome-to-quire\""))

            let image = try await client.execute(uri: "/static/images/welcome.png", method: .get)
            #expect(image.status == .ok)
        }
    }
}

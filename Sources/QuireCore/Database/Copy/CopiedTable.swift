/// A table `quire copy-database` copies, and the columns both engines give it.
struct CopiedTable: Sendable {
    var name: String
    /// Rows read per batch: few for tables of image bytes, so memory stays small.
    var batchSize: Int = 500

    /// The tables that hold what the blog's people made, parents before children. Everything
    /// else (search indexes, related-post weights, change counters) is made again on the target
    /// by its own engine, as a save would.
    static let all: [CopiedTable] = [
        CopiedTable(name: "user_account"), CopiedTable(name: "site_setting"), CopiedTable(name: "api_token"),
        CopiedTable(name: "post", batchSize: 100), CopiedTable(name: "tag"), CopiedTable(name: "post_tag"),
        CopiedTable(name: "post_revision", batchSize: 100), CopiedTable(name: "post_slug_redirect"), CopiedTable(name: "old_address"),
        CopiedTable(name: "comment"), CopiedTable(name: "import_record"), CopiedTable(name: "user_session"),
        CopiedTable(name: "sign_in_link"), CopiedTable(name: "sign_in_failure"), CopiedTable(name: "page_view"),
        CopiedTable(name: "media"), CopiedTable(name: "media_file", batchSize: 8),
        CopiedTable(name: "remote_actor"), CopiedTable(name: "follower"), CopiedTable(name: "blocked_domain"),
        CopiedTable(name: "delivery"), CopiedTable(name: "delivery_host"), CopiedTable(name: "federated_post"),
        CopiedTable(name: "federation_state"), CopiedTable(name: "comment_activity"),
        CopiedTable(name: "post_reaction"), CopiedTable(name: "webmention"), CopiedTable(name: "webmention_link"),
        CopiedTable(name: "webmention_outbox"),
    ]

    /// Tables made again from the copied ones by the target's engine.
    static let derivedTables = [
        "post_search", "post_terms", "term_document", "post_keyword", "post_term_vector", "post_comment_change",
    ]

    /// Every table Quire's PostgreSQL migrations make: the copied, the derived, the migrations'
    /// record and the change counter. `quire restore` locks and empties these and no others.
    static var quireTables: [String] { all.map(\.name) + derivedTables + ["quire_migration", "change_counter"] }

    /// Columns made again on the target rather than copied.
    static let derivedColumns: Set<String> = ["keywords_corpus_size"]
}

/// A copied column: its name and how its values travel.
struct CopiedColumn: Sendable, Equatable {
    var name: String
    var kind: ColumnKind
}

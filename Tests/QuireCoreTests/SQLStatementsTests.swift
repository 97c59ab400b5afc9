import Testing

@testable import QuireCore

@Suite struct SQLStatementsTests {
    @Test func semicolonsInQuotesCommentsAndFunctionBodiesDoNotEndAStatement() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE t (a text DEFAULT 'x;y', "b;" int);
            /* block; comment */ SELECT $1;
            CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN PERFORM 1; END $body$;
            SELECT $$a;b$$, 'it''s; fine';
            -- trailing comment only
            """
        #expect(SQLStatements.split(sql) == [
            "-- a comment; with a semicolon\nCREATE TABLE t (a text DEFAULT 'x;y', \"b;\" int)",
            "/* block; comment */ SELECT $1",
            "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN PERFORM 1; END $body$",
            "SELECT $$a;b$$, 'it''s; fine'",
        ])
    }
}

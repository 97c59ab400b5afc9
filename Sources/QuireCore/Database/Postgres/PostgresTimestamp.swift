import Foundation
import GRDB
import PostgresNIO

/// Times that keyset cursors point at, kept by PostgreSQL exactly as SQLite keeps them: whole
/// milliseconds (rounded down, as SQLite's `YYYY-MM-DD HH:MM:SS.SSS` text is). They are written
/// and compared as integer milliseconds, never as a `Date`, whose `Double` can land a microsecond
/// either side of the millisecond: a row stored a microsecond below its cursor's time would be
/// listed again on every following page.
enum PostgresTimestamp {
    /// The whole milliseconds since 1970 that a stored time keeps of `date`. It is taken to the
    /// nearest microsecond first (PostgreSQL's own precision): a time read back from PostgreSQL
    /// can sit a hair under its millisecond, and saving it again must not move it a millisecond.
    static func milliseconds(_ date: Date) -> Int64 {
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        return microseconds >= 0 ? microseconds / 1000 : -((-microseconds + 999) / 1000)
    }

    /// The cursor for a row's time as PostgreSQL returned it: an exact millisecond, which a `Date`
    /// may hold a hair below, so its text is made from the nearest whole millisecond.
    static func cursor(date: Date?, id: Int64?) -> KeysetCursor? {
        guard let date, let id else { return nil }
        return KeysetCursor(date: storedText(milliseconds: nearestMilliseconds(date)), id: id)
    }

    /// The text SQLite keeps for a time, `YYYY-MM-DD HH:MM:SS.SSS` in UTC, made exactly from its
    /// milliseconds.
    static func storedText(milliseconds: Int64) -> String {
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, wholeFraction) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        // A whole second's text ends in ".000", which the milliseconds replace.
        let text = String.fromDatabaseValue(Date(timeIntervalSince1970: Double(wholeSeconds)).databaseValue) ?? ""
        return text.dropLast(3) + String(format: "%03lld", wholeFraction)
    }

    /// A time that stands for a whole millisecond (a cursor's, or one read back) as that millisecond.
    static func nearestMilliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

extension PostgresQuery.StringInterpolation {
    /// Every time written to or compared with a `timestamptz` column, exact to the millisecond as
    /// SQLite keeps it (`PostgresTimestamp`): this overload is picked over the generic one.
    mutating func appendInterpolation(_ date: Date) {
        appendInterpolation(milliseconds: PostgresTimestamp.milliseconds(date))
    }

    /// A time, or NULL for nil.
    mutating func appendInterpolation(_ date: Date?) {
        guard let date else { return appendLiteral("NULL::timestamptz") }
        appendInterpolation(date)
    }

    private mutating func appendInterpolation(milliseconds: Int64) {
        appendLiteral("(TIMESTAMPTZ 'epoch' + ")
        appendInterpolation(milliseconds)
        appendLiteral("::bigint * INTERVAL '1 millisecond')")
    }

    /// True for rows after the cursor in newest-first order by their time and id columns; TRUE for nil.
    mutating func appendInterpolation(after cursor: KeysetCursor?, date dateColumn: String, id idColumn: String) {
        guard let cursor, let date = cursor.dateValue else { return appendLiteral("TRUE") }
        appendLiteral("(\(dateColumn), \(idColumn)) < (")
        appendInterpolation(milliseconds: PostgresTimestamp.nearestMilliseconds(date))
        appendLiteral(", ")
        appendInterpolation(cursor.id)
        appendLiteral(")")
    }
}

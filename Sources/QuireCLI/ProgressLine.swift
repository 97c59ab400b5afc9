import Foundation

/// How far a long command has come: count, rate and time left. On a terminal, one line on
/// standard error redrawn in place; elsewhere (a log, a pipe), a plain line every few seconds.
/// Nothing is shown for work that finishes within a couple of seconds.
final class ProgressLine {
    private let total: Int
    private let noun: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var done = 0
    private var lastShown = Date.distantPast
    private var isShowing = false

    init(total: Int, noun: String) {
        self.total = total
        self.noun = noun
    }

    /// Counts finished items and shows the line when it is time to.
    func advance(by count: Int) {
        done += count
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        guard elapsed >= 2, now.timeIntervalSince(lastShown) >= (isTerminal ? 0.2 : 5) || done == total else { return }
        lastShown = now
        let rate = Double(done) / max(elapsed, 0.001)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = "\(done) of \(total) \(noun), \(Int(rate.rounded())) a second, \(Self.duration(left)) left"
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            isShowing = true
        } else {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }

    /// `advance` for work that reports how much is done in all.
    func advance(to done: Int) {
        advance(by: done - self.done)
    }

    /// Ends the redrawn line, so what is printed next starts on a line of its own.
    func finish() {
        guard isShowing else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        isShowing = false
    }

    /// Prints a line on standard output without tearing the progress line.
    func print(_ line: String) {
        clear()
        Swift.print(line)
    }

    /// Prints a line on standard error without tearing the progress line.
    func printError(_ line: String) {
        clear()
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }

    private func clear() {
        guard isShowing else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        isShowing = false
    }

    private static func duration(_ seconds: Double) -> String {
        let seconds = Int(seconds.rounded())
        return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s"
    }
}

/// A progress line made when the work first says its total (as the related-post weights that
/// follow an import do), ending the line before it first.
final class LazyProgressLine {
    private let noun: String
    private let endingFirst: () -> Void
    private var line: ProgressLine?

    init(noun: String, endingFirst: @escaping () -> Void = {}) {
        self.noun = noun
        self.endingFirst = endingFirst
    }

    func advance(to done: Int, of total: Int) {
        if line == nil {
            endingFirst()
            line = ProgressLine(total: total, noun: noun)
        }
        line?.advance(to: done)
    }

    func finish() {
        line?.finish()
    }
}

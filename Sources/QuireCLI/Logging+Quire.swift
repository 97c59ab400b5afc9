import ArgumentParser
import Logging
import QuireCore

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Sends log lines to standard error at the given level: as text, or as one JSON object a line
/// when `log.format` is `json`.
func makeLogger(level: Logger.Level, format: QuireConfig.LogFormat = .text) -> Logger {
    LoggingSystem.bootstrap { label in
        switch format {
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        case .json:
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
    return Logger(label: "quire")
}

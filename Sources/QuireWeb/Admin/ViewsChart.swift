import Foundation

/// The dashboard's bar chart of views per day, drawn on the server as SVG: no script, and
/// made only of numbers and dates, so it needs no escaping. Its title and description say in
/// words what the bars show.
enum ViewsChart {
    static let width = 600
    static let height = 160
    static let labelSpace = 18

    static func svg(_ days: [(day: String, views: Int)]) -> String {
        let most = max(days.map(\.views).max() ?? 0, 1)
        let total = days.map(\.views).reduce(0, +)
        let slot = Double(width) / Double(max(days.count, 1))
        let barWidth = max(slot - 2, 1)
        let plot = Double(height - labelSpace)
        var svg = """
            <svg class="chart" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="views-chart-title views-chart-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="views-chart-title">Views per day, last \(days.count) days</title>
            <desc id="views-chart-desc">\(total) views in all\(busiest(days).map { "; the most, \($0.views), on \($0.day)" } ?? "").</desc>

            """
        for (index, entry) in days.enumerated() {
            let barHeight = Double(entry.views) / Double(most) * plot
            let x = Double(index) * slot + 1
            svg += String(format: "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%@: %d</title></rect>\n",
                          x, plot - barHeight, barWidth, barHeight, entry.day, entry.views)
        }
        svg += "<line class=\"axis\" x1=\"0\" y1=\"\(Int(plot))\" x2=\"\(width)\" y2=\"\(Int(plot))\"/>\n"
        if let first = days.first, let last = days.last {
            svg += "<text x=\"0\" y=\"\(height - 4)\">\(first.day)</text>\n"
            svg += "<text x=\"\(width)\" y=\"\(height - 4)\" text-anchor=\"end\">\(last.day)</text>\n"
        }
        return svg + "</svg>"
    }

    private static func busiest(_ days: [(day: String, views: Int)]) -> (day: String, views: Int)? {
        days.filter { $0.views > 0 }.max { $0.views < $1.views }
    }
}

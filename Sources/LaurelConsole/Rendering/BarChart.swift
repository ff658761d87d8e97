/// A horizontal bar chart drawn as SVG on the server, through its template
/// (`statistics.mustache`), so every label is escaped as any other value: each bar under its
/// label, its value after it, placed here.
struct BarChart {
    /// One bar: its label, its value as shown, and its length's measure.
    struct Bar {
        let label: String
        let shown: String
        let measure: Double
    }

    static let width = 720
    /// A label's line, then its bar, then the gap before the next.
    static let labelHeight = 20
    static let barHeight = 16
    static let gap = 12
    /// Room right of the longest bar for its value.
    static let valueRoom = 110

    /// The chart's model for the template: its size and, per bar, its place and length.
    static func model(title: String, bars: [Bar]) -> [String: Any] {
        let longest = max(bars.map(\.measure).max() ?? 0, 1)
        let room = Double(width - valueRoom)
        let pitch = labelHeight + barHeight + gap
        let placed = bars.enumerated().map { index, bar -> [String: Any] in
            let top = index * pitch
            let length = max(2, Int((bar.measure / longest * room).rounded()))
            return [
                "label": bar.label, "shown": bar.shown, "labelY": top + 14, "barY": top + labelHeight,
                "length": length, "valueX": length + 8, "valueY": top + labelHeight + 13,
            ]
        }
        return [
            "title": title, "bars": placed, "empty": bars.isEmpty, "width": width,
            "height": max(bars.count * pitch - gap, 1), "barHeight": barHeight,
        ]
    }
}

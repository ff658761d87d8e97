import Hummingbird

/// A route's `{year}`: four digits, 404 otherwise, as ``UnitYearPath`` reads it.
package struct YearPath {
    package let year: Int

    package init(_ context: LaurelRequestContext) throws(Problem) {
        let text = context.parameters.get("year") ?? ""
        guard text.count == 4, let year = Int(text), year >= 1000 else {
            throw Problem.notFound("'\(text.prefix(16))' is not a year such as 2026")
        }
        self.year = year
    }
}

extension Array {
    /// The element at `index`, or nil past the end (a form's repeated fields may come short).
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

import Foundation

extension UUID {
    /// A random (version 4, RFC 9562) identifier drawn from `generator`.
    public init<Generator: RandomNumberGenerator>(using generator: inout Generator) {
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        self = withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // the RFC's variant
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }

    /// A random identifier from the system's cryptographically secure generator, the one every
    /// new event gets. Foundation's `UUID()` opens, reads and closes `/dev/urandom` for each
    /// identifier on Linux: 3.2 µs each on this project's machine against 0.8 µs for this, and a
    /// year-end decision makes one for each of its 346 events (an eighth of the client's samples in
    /// a profile of the decisions).
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        return UUID(using: &generator)
    }
}

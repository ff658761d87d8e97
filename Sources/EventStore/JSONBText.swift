import Postgres

/// JSON text bound as a `jsonb` parameter in its binary form, a version byte and the text: the
/// bytes go to the server as they were written, with no check of their UTF-8 on the way (a list's
/// append is hundreds of kilobytes); the server checks the encoding and parses them, as it does
/// text.
struct JSONBText: PostgresEncodable {
    /// The binary form's version byte, then the JSON text: write the text after it.
    var bytes: [UInt8] = [1]

    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity + 1)
    }

    var postgresBind: PostgresBind { PostgresBind(.binary(bytes), type: .jsonb) }
}

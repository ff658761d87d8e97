@testable import EventStore
import Foundation
import Testing

@Suite struct RandomUUIDTests {
    /// SplitMix64: a seeded generator, so the bytes a UUID is made of are known.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func keepsTheGeneratorsBitsButTheVersionAndVariant() {
        var source = SeededGenerator(state: 7)
        var bytes = (source.next(), source.next())
        let drawn = withUnsafeBytes(of: &bytes) { Array($0) }
        var generator = SeededGenerator(state: 7)
        let id = UUID(using: &generator)
        let made = withUnsafeBytes(of: id.uuid) { Array($0) }
        for index in 0..<16 where index != 6 && index != 8 { #expect(made[index] == drawn[index], "byte \(index)") }
        #expect(made[6] == drawn[6] & 0x0F | 0x40)
        #expect(made[8] == drawn[8] & 0x3F | 0x80)
    }

    @Test func isAVersionFourUUIDWhateverTheGeneratorGives() {
        var generator = SeededGenerator(state: 0)
        for _ in 0..<1_000 {
            let text = UUID(using: &generator).uuidString
            let characters = Array(text)
            #expect(characters[14] == "4", "\(text)")
            #expect("89AB".contains(characters[19]), "\(text)")
        }
    }

    @Test func randomIdentifiersDoNotRepeat() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.uuidString.dropFirst(14).first == "4" })
    }
}

extension RandomUUIDTests {
    @Test func writesTheTextPostgreSQLPrints() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<200 {
            let id = UUID(using: &generator)
            var bytes: [UInt8] = Array("x".utf8)
            id.appendLowercaseText(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "x" + id.uuidString.lowercased())
        }
    }
}

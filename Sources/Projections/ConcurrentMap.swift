import Dispatch
import Foundation

/// Runs `transform` for every index of `0..<count` on all cores and returns the results in
/// index order, or throws the first error by index. Blocks the calling thread until all are done.
///
/// A batch's client work (decoding payloads, folding and encoding rows per projection) is pure
/// and split into independent parts; on the connection's thread it would use one core while
/// the others sit idle.
func concurrentMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) throws -> T) throws -> [T] {
    let results = Slots<T>(count: count)
    defer {
        _ = results.buffer.deinitialize()
        results.buffer.deallocate()
    }
    DispatchQueue.concurrentPerform(iterations: count) { index in
        results.buffer[index] = Result { try transform(index) }
    }
    return try results.buffer.map { try $0!.get() }
}

/// One result slot per iteration. Each iteration writes only its own slot, and all have
/// finished before the slots are read, so sharing the buffer across threads is safe.
private struct Slots<T: Sendable>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Result<T, any Error>?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }
}

/// `collection` cut into up to `parts` contiguous slices of at least `minimum` elements each.
func slices<C: RandomAccessCollection>(of collection: C, parts: Int, minimum: Int) -> [C.SubSequence] {
    let count = Swift.max(1, Swift.min(parts, collection.count / Swift.max(minimum, 1)))
    let size = (collection.count + count - 1) / count
    return stride(from: 0, to: collection.count, by: Swift.max(size, 1)).map {
        let start = collection.index(collection.startIndex, offsetBy: $0)
        return collection[start..<collection.index(start, offsetBy: Swift.min(size, collection.count - $0))]
    }
}

import ComplianceCore
import Crypto

/// SHA-256 over a stream of buffers, finishing as lowercase hex.
struct SHA256Stream {
    private var hasher = SHA256()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    mutating func update(_ bytes: [UInt8]) {
        hasher.update(data: bytes)
    }

    func finalize() -> String {
        hasher.finalize().hex
    }
}

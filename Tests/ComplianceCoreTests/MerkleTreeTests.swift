import ComplianceCore
import Crypto
import Foundation
import Testing

@Suite("Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    /// The RFC's definition, recursively and slowly: the reference the fast tree must match.
    static func referenceRoot(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.isEmpty { return MerkleTree.emptyRoot }
        if leaves.count == 1 { return MerkleTree.leafHash(leaves.first!) }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        return MerkleTree.nodeHash(referenceRoot(leaves.prefix(k)), referenceRoot(leaves.dropFirst(k)))
    }

    static let leaves: [[UInt8]] = (0..<70).map { Array("leaf \($0)".utf8) }

    /// The compact range verify streams with gives the RFC's root at every size, as the tree does.
    @Test func aCompactRangeGivesTheSameRootsInLogarithmicMemory() {
        var range = CompactRange()
        #expect(range.root == MerkleTree.emptyRoot)
        for (index, leaf) in Self.leaves.enumerated() {
            range.append(leaf: leaf)
            #expect(range.root == Self.referenceRoot(Self.leaves[0...index]), "size \(index + 1)")
        }
        #expect(range.size == 70)
    }

    @Test func rootsMatchTheDefinitionAtEverySize() {
        var tree = MerkleTree()
        #expect(tree.root() == Array(SHA256.hash(data: [UInt8]())))
        for (index, leaf) in Self.leaves.enumerated() {
            tree.append(leaf: leaf)
            #expect(tree.root() == Self.referenceRoot(Self.leaves[0...index][...]), "size \(index + 1)")
        }
        #expect(tree.root(size: 13) == Self.referenceRoot(Self.leaves[0..<13]))
    }

    @Test func knownVectorForOneAndTwoLeaves() {
        // An empty leaf hashes to SHA-256(0x00); two of them to SHA-256(0x01 ‖ h ‖ h).
        let leaf = MerkleTree.leafHash([])
        #expect(leaf.hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        let tree = MerkleTree(leafHashes: [leaf, leaf])
        #expect(tree.root() == MerkleTree.nodeHash(leaf, leaf))
    }

    @Test func everyInclusionProofVerifies() throws {
        let tree = MerkleTree(leafHashes: Self.leaves.map(MerkleTree.leafHash))
        for size in 1...Self.leaves.count {
            let root = tree.root(size: size)
            for index in 0..<size {
                let proof = try tree.inclusionProof(index: index, treeSize: size)
                #expect(MerkleVerifier.verifyInclusion(leafHash: tree.leafHash(at: index), index: index, treeSize: size, proof: proof, root: root))
                if index > 0 {
                    #expect(
                        !MerkleVerifier.verifyInclusion(
                            leafHash: tree.leafHash(at: index - 1), index: index, treeSize: size, proof: proof, root: root))
                }
            }
        }
    }

    @Test func everyConsistencyProofVerifies() throws {
        let tree = MerkleTree(leafHashes: Self.leaves.map(MerkleTree.leafHash))
        for second in 1...40 {
            for first in 1...second {
                let proof = try tree.consistencyProof(first: first, second: second)
                #expect(
                    MerkleVerifier.verifyConsistency(
                        first: first, second: second, firstRoot: tree.root(size: first), secondRoot: tree.root(size: second), proof: proof),
                    "\(first)→\(second)")
                if first < second {
                    let forged = MerkleTree(
                        leafHashes: (Self.leaves[0..<second].enumerated().map { $0 == 0 ? Array("forged".utf8) : $1 }).map(MerkleTree.leafHash))
                    #expect(
                        !MerkleVerifier.verifyConsistency(
                            first: first, second: second, firstRoot: tree.root(size: first), secondRoot: forged.root(), proof: proof))
                }
            }
        }
    }

    @Test func outOfRangeRequestsAreErrors() {
        let tree = MerkleTree(leafHashes: Self.leaves.prefix(5).map(MerkleTree.leafHash))
        #expect(throws: MerkleError.self) { try tree.inclusionProof(index: 5, treeSize: 5) }
        #expect(throws: MerkleError.self) { try tree.inclusionProof(index: 0, treeSize: 6) }
        #expect(throws: MerkleError.self) { try tree.consistencyProof(first: 4, second: 3) }
        #expect(throws: MerkleError.self) { try tree.consistencyProof(first: 0, second: 3) }
    }

    @Test func signedHeadsVerifyAndRefuseChanges() throws {
        let key = Curve25519.Signing.PrivateKey()
        let organization = UUID()
        let head = try TreeHead.sign(organizationID: organization, treeSize: 3, rootHash: Array(repeating: 7, count: 32), at: Date(), with: key)
        #expect(head.verifySignature(with: key.publicKey))
        let altered = TreeHead(
            organizationID: organization, treeSize: 4, rootHash: head.rootHash, timestamp: head.timestamp, signature: head.signature)
        #expect(!altered.verifySignature(with: key.publicKey))
        #expect(String(decoding: head.signedBytes, as: UTF8.self).hasPrefix("attest-tree-head-v1\n\(organization.uuidString.lowercased())\n3\n0707"))
    }
}

@Suite("Evidence values")
struct EvidenceValueTests {
    @Test func periodsParseAndRefuse() throws {
        let span = try EvidencePeriod(parsing: "2026-01-01..2026-06-30")
        #expect(span.description == "2026-01-01..2026-06-30")
        #expect(try EvidencePeriod(parsing: "2026-03-31").description == "2026-03-31")
        #expect(throws: DomainError.self) { try EvidencePeriod(parsing: "2026-06-30..2026-01-01") }
        #expect(throws: DomainError.self) { try EvidencePeriod(parsing: "last quarter") }
    }

    @Test func contentIsSniffedFromBytes() {
        #expect(ContentSniffer.sniff(Array("%PDF-1.7\n".utf8)) == "application/pdf")
        #expect(ContentSniffer.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == "image/png")
        #expect(ContentSniffer.sniff(Array("user,role\nerin,admin\n".utf8)) == "text/csv")
        #expect(ContentSniffer.sniff(Array("<html><script>".utf8)) == "text/html")
        #expect(ContentSniffer.sniff(Array("{\"a\":1}".utf8)) == "application/json")
        #expect(ContentSniffer.sniff([0, 1, 2, 3]) == "application/octet-stream")
        #expect(!ContentSniffer.isSafeInline("text/html"))
    }

    @Test func fileNamesAreSanitised() {
        #expect(FileName.sanitize("../../etc/passwd") == "passwd")
        #expect(FileName.sanitize("C:\\Users\\x\\report.pdf") == "report.pdf")
        #expect(FileName.sanitize("evil\u{0}name.txt") == "evilname.txt")
        #expect(FileName.sanitize("..") == "evidence")
        #expect(FileName.sanitize("") == "evidence")
        #expect(FileName.sanitize("a\"<b>.txt") == "ab.txt")
    }

    @Test func freshnessFollowsTheFrequency() throws {
        let version = EvidenceVersion(
            id: UUID(), itemID: UUID(), number: 1, sha256: "", size: 1, contentType: "text/plain", fileName: "f",
            period: try EvidencePeriod(parsing: "2026-01-01..2026-03-31"), source: .init(kind: .upload, actor: "cli:t"),
            rowCount: nil, createdAt: Date())
        let item = EvidenceItem(
            id: UUID(), organizationID: UUID(), title: "t", description: "", controls: [], criteria: [], requests: [],
            frequency: .quarterly, status: .ready, reviewer: nil, reviewComment: nil, createdAt: Date(), latest: version)
        #expect(item.dueAt == Timestamp.date("2026-06-30"))
        #expect(item.isExpired(at: Timestamp.date("2026-07-01")!))
        #expect(!item.isExpired(at: Timestamp.date("2026-06-01")!))
    }

    @Test func timestampsParseBack() {
        let date = Date(timeIntervalSince1970: 1_795_852_612.123)
        #expect(Timestamp.parse(Timestamp.rfc3339(date)) == date.roundedToMilliseconds)
        #expect(Timestamp.parse("2026-11-28T07:56:52Z") != nil)
        #expect(Timestamp.parse("2026-11-28 07:56:52") == nil)
    }
}

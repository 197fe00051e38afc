import Crypto
import Foundation

/// The signature a final report carries, appended to its HTML as one comment line:
///
///     <the report's HTML, byte for byte>
///     <!-- attest-seal BASE64(JSON {"payload": {…}, "signature": "…"}) -->
///
/// The payload names the report (issuer, organisation, period, version), the SHA-256 of every byte
/// before the seal, the audit firm's Ed25519 public key and the client's signed log head at issue.
/// The signature is over the payload's canonical JSON. Anyone can check it offline: change one
/// byte of the report and its SHA-256 no longer matches; change the payload and the signature fails.
public struct ReportSeal: Codable, Sendable, Hashable {
    public struct LogHead: Codable, Sendable, Hashable {
        public let organizationID: UUID
        public let treeSize: Int
        public let rootHash: String
        public let timestamp: Int64
        public let signature: String
        public let publicKey: String

        enum CodingKeys: String, CodingKey {
            case signature
            case organizationID = "organization_id"
            case treeSize = "tree_size"
            case rootHash = "root_hash"
            case timestamp
            case publicKey = "public_key"
        }
    }

    public struct Payload: Codable, Sendable, Hashable {
        public let format: String
        public let kind: String
        public let contentSHA256: String
        /// Who signed: the audit firm for a report, the service organisation for a bridge letter.
        public let issuer: String
        public let issuerName: String
        public let organization: String
        public let organizationName: String
        public let engagementID: UUID
        public let reportType: String
        public let period: String
        public let coverageEnd: Day?
        public let version: Int
        public let issuedAt: Date
        public let publicKey: String
        public let logHead: LogHead?
        /// The client's log at issue as a C2SP checkpoint (signed note), so that a copy of the
        /// report is also a checkpoint kept outside the database (`attest verify --checkpoint`).
        public let checkpoint: String?

        /// The same statement about other bytes (the PDF printed from the sealed HTML), signed by `key`.
        func covering(_ content: [UInt8], publicKey: [UInt8]) -> Payload {
            Payload(
                format: format, kind: kind, contentSHA256: Digest.sha256Hex(content), issuer: issuer, issuerName: issuerName,
                organization: organization, organizationName: organizationName, engagementID: engagementID, reportType: reportType,
                period: period, coverageEnd: coverageEnd, version: version, issuedAt: issuedAt,
                publicKey: Data(publicKey).base64EncodedString(), logHead: logHead, checkpoint: checkpoint)
        }

        /// What kind of document the seal covers, in words: "SOC 2 Type 2 report", "SOC 3 report",
        /// "bridge letter".
        public var documentName: String {
            let type = reportType == "type1" ? "Type 1" : reportType == "type2" ? "Type 2" : reportType
            switch kind {
            case "soc2": return "SOC 2 \(type) report"
            case "soc3": return "SOC 3 report"
            case "bridge_letter": return "bridge letter to a SOC 2 \(type) report"
            default: return "\(kind) document"
            }
        }

        enum CodingKeys: String, CodingKey {
            case format, kind, issuer, organization, period, version
            case contentSHA256 = "content_sha256"
            case issuerName = "issuer_name"
            case organizationName = "organization_name"
            case engagementID = "engagement_id"
            case reportType = "report_type"
            case coverageEnd = "coverage_end"
            case issuedAt = "issued_at"
            case publicKey = "public_key"
            case logHead = "log_head"
            case checkpoint
        }
    }

    public let payload: Payload
    public let signature: String

    public static let format = "attest-report-seal-1"
    static let opening = Array("\n<!-- attest-seal ".utf8)
    static let closing = Array(" -->\n".utf8)

    /// What a seal says it covers.
    public struct Subject: Sendable {
        public let kind: String
        public let organization: String
        public let organizationName: String
        public let engagementID: UUID
        public let reportType: String
        public let period: String
        public let coverageEnd: Day?
        public let version: Int

        public init(
            kind: String, organization: String, organizationName: String, engagementID: UUID, reportType: String, period: String,
            coverageEnd: Day?, version: Int
        ) {
            self.kind = kind
            self.organization = organization
            self.organizationName = organizationName
            self.engagementID = engagementID
            self.reportType = reportType
            self.period = period
            self.coverageEnd = coverageEnd
            self.version = version
        }
    }

    /// Appends the seal for `content`, signed with the issuer's key.
    public static func seal(
        _ content: [UInt8], subject: Subject, issuer: (slug: String, name: String), issuedAt: Date,
        key: Curve25519.Signing.PrivateKey, head: TreeHead?, headKey: [UInt8]?, checkpoint: String? = nil
    ) throws -> [UInt8] {
        let payload = Payload(
            format: format, kind: subject.kind, contentSHA256: Digest.sha256Hex(content), issuer: issuer.slug, issuerName: issuer.name,
            organization: subject.organization, organizationName: subject.organizationName, engagementID: subject.engagementID,
            reportType: subject.reportType, period: subject.period, coverageEnd: subject.coverageEnd, version: subject.version,
            issuedAt: issuedAt.roundedToMilliseconds, publicKey: Data(key.publicKey.rawRepresentation).base64EncodedString(),
            logHead: head.map {
                LogHead(
                    organizationID: $0.organizationID, treeSize: $0.treeSize, rootHash: $0.rootHash.hex, timestamp: $0.timestamp,
                    signature: Data($0.signature).base64EncodedString(), publicKey: Data(headKey ?? []).base64EncodedString())
            }, checkpoint: checkpoint)
        let signature = try key.signature(for: try CanonicalJSON.encode(payload))
        let seal = ReportSeal(payload: payload, signature: Data(signature).base64EncodedString())
        let encoded = Data(try CanonicalJSON.encode(seal)).base64EncodedString()
        return content + opening + Array(encoded.utf8) + closing
    }

    /// What checking a file found: genuine or not, why, and what the report says it is.
    public struct Verification: Sendable {
        public let genuine: Bool
        public let reason: String
        public let payload: Payload?

        public init(genuine: Bool, reason: String, payload: Payload?) {
            self.genuine = genuine
            self.reason = reason
            self.payload = payload
        }
    }

    /// Checks a sealed file, HTML or PDF. `issuerKeys` returns the keys this checker trusts for an
    /// issuer (its installation's published list, or a list or key given by hand); nil means the
    /// issuer is unknown here. A key that was retired before the document's issue date is refused.
    public static func verify(_ file: [UInt8], issuerKeys: (String) -> [PublishedKey]?) -> Verification {
        let located: (content: ArraySlice<UInt8>, seal: ReportSeal)
        switch locate(file) {
        case .failure(let failure): return Verification(genuine: false, reason: failure.reason, payload: nil)
        case .success(let found): located = found
        }
        let (content, seal) = located
        let payload = seal.payload
        let digest = Digest.sha256Hex(content)
        guard digest == payload.contentSHA256 else {
            return Verification(
                genuine: false,
                reason:
                    "The \(payload.documentName) has been altered since it was signed: its SHA-256 is \(digest), the signed one is \(payload.contentSHA256).",
                payload: payload)
        }
        guard let keyBytes = Data(base64Encoded: payload.publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes),
            let signature = Data(base64Encoded: seal.signature), let signed = try? CanonicalJSON.encode(payload),
            key.isValidSignature(signature, for: signed)
        else {
            return Verification(
                genuine: false, reason: "The signature does not match the report's details; they were changed after signing.", payload: payload)
        }
        if let head = payload.logHead {
            guard let headKey = Data(base64Encoded: head.publicKey).flatMap({ try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }),
                let root = [UInt8](hex: head.rootHash), let headSignature = Data(base64Encoded: head.signature),
                headKey.isValidSignature(
                    headSignature,
                    for: TreeHead.signedBytes(
                        organizationID: head.organizationID, treeSize: head.treeSize,
                        rootHash: root, timestamp: head.timestamp))
            else {
                return Verification(genuine: false, reason: "The log head embedded in the report does not verify.", payload: payload)
            }
            if let note = payload.checkpoint {
                guard let keyBytes = Data(base64Encoded: head.publicKey), let checkpoint = try? Checkpoint.open(note, publicKey: Array(keyBytes)),
                    checkpoint.treeSize == head.treeSize, checkpoint.rootHash.hex == head.rootHash,
                    checkpoint.origin == Checkpoint.origin(of: head.organizationID)
                else {
                    return Verification(genuine: false, reason: "The checkpoint embedded in the report does not verify.", payload: payload)
                }
            }
        }
        guard let trusted = issuerKeys(payload.issuer) else {
            return Verification(
                genuine: false,
                reason:
                    "The signature is intact, but this checker does not know \(payload.issuerName)'s keys (signed with \(PublishedKey.fingerprint(Array(keyBytes)))); check it against the keys \(payload.issuerName) publishes at /.well-known/attest/keys/\(payload.issuer).",
                payload: payload)
        }
        guard let listed = trusted.first(where: { $0.keyBytes == Array(keyBytes) }) else {
            return Verification(
                genuine: false,
                reason:
                    "The \(payload.documentName) is signed with a key that is not \(payload.issuerName)'s (\(PublishedKey.fingerprint(Array(keyBytes))) is not among its published keys).",
                payload: payload)
        }
        guard listed.covers(payload.issuedAt) else {
            return Verification(
                genuine: false,
                reason:
                    "The \(payload.documentName) claims an issue date after \(payload.issuerName) retired the key that signed it (\(listed.fingerprint)).",
                payload: payload)
        }
        return Verification(
            genuine: true,
            reason:
                "Genuine and unaltered: a \(payload.documentName) issued by \(payload.issuerName) for \(payload.organizationName), \(payload.period) (version \(payload.version)), signed with key \(listed.fingerprint.prefix(23))….",
            payload: payload)
    }

    /// Checks a sealed file against an issuer's published key list (`/.well-known/attest/keys/{org}`):
    /// a file that names another issuer is checked against no keys at all.
    public static func verify(_ file: [UInt8], trusting list: PublishedKeyList) -> Verification {
        verify(file) { $0 == list.organization ? list.keys : nil }
    }

    /// Finds the signed bytes and the seal of an HTML or PDF file, or says why there are none.
    static func locate(_ file: [UInt8]) -> Result<(content: ArraySlice<UInt8>, seal: ReportSeal), SealFailure> {
        if file.starts(with: PDFSeal.magic) { return PDFSeal.locate(file) }
        guard let start = lastIndex(of: opening, in: file) else {
            return .failure(SealFailure("This is not an Attest report: it carries no attest-seal."))
        }
        guard let seal = seal(after: start, in: file) else {
            return .failure(SealFailure("The seal at the end of the file is damaged or unreadable."))
        }
        return .success((file[..<start], seal))
    }

    /// Decodes the base64 of a seal's canonical JSON.
    static func decode(base64 text: String) -> ReportSeal? {
        guard let json = Data(base64Encoded: text), let seal = try? CanonicalJSON.decoder.decode(ReportSeal.self, from: json),
            seal.payload.format == format
        else { return nil }
        return seal
    }

    /// The issuer a sealed file names, read without checking anything (to pick the key to check with).
    public static func peekIssuer(_ file: [UInt8]) -> String? {
        peek(file)?.issuer
    }

    /// What a sealed file says about itself, read without checking anything (for display).
    public static func peek(_ file: [UInt8]) -> Payload? {
        try? locate(file).get().seal.payload
    }

    /// The seal whose opening starts at `start`: the rest of the file, closed properly, decoded.
    private static func seal(after start: Int, in file: [UInt8]) -> ReportSeal? {
        let trailer = file[(start + opening.count)...]
        guard trailer.count > closing.count, Array(trailer.suffix(closing.count)) == closing,
            let text = String(bytes: trailer.dropLast(closing.count), encoding: .ascii)
        else { return nil }
        return decode(base64: text)
    }

    /// The seal is the file's last line, a few kilobytes of base64: it is looked for only in the
    /// last 64 KiB, so a hostile upload (64 MiB of newlines once took 7.6 s of CPU, unauthenticated)
    /// costs one pass of hashing at most.
    static let sealWindow = 64 << 10

    static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        let lowest = max(0, haystack.count - sealWindow)
        var index = haystack.count - needle.count
        while index >= lowest {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }
}

/// Why a file has no readable seal, as the sentence a verifier shows.
public struct SealFailure: Error, Sendable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}

import Crypto
import Foundation

/// The seal of a PDF: the same statement as the HTML's seal, about the printed bytes, carried in a
/// PDF incremental update so that every reader still opens the file (VERIFYING.md, "PDF seal").
///
///     <P: the PDF as printed, ending in a newline>
///     %attest-seal-v1
///     xref
///     0 1
///     0000000000 65535 f
///     trailer
///     << /Size S /Root R[ /Info I] /Prev X /AttestSeal (BASE64) >>
///     startxref
///     <offset of "xref" in the file>
///     %%EOF
///
/// `S`, `R` and `I` are copied from P's last trailer, `X` is P's last `startxref` value, and
/// BASE64 is the seal exactly as in HTML. The signed digest covers P; the update is rebuilt from P
/// and the seal and compared byte for byte, so one changed byte anywhere fails.
public enum PDFSeal {
    static let magic = Array("%PDF-".utf8)
    static let marker = Array("%attest-seal-v1\n".utf8)

    /// Seals a printed PDF with the statement of the HTML it was printed from, signed by `key`.
    public static func seal(_ pdf: [UInt8], from sealedHTML: [UInt8], key: Curve25519.Signing.PrivateKey) throws -> [UInt8] {
        guard pdf.starts(with: magic) else { throw DomainError.invalid("pdf", "the renderer did not produce a PDF.") }
        guard case .success(let located) = ReportSeal.locate(sealedHTML) else {
            throw DomainError.invalid("report", "only a sealed report or letter is printed with a seal.")
        }
        let content = pdf.last == UInt8(ascii: "\n") ? pdf : pdf + [UInt8(ascii: "\n")]
        guard let trailer = Trailer(content) else { throw DomainError.invalid("pdf", "the printed PDF has no classic trailer to extend.") }
        let payload = located.seal.payload.covering(content, publicKey: Array(key.publicKey.rawRepresentation))
        let signature = try key.signature(for: try CanonicalJSON.encode(payload))
        let sealed = ReportSeal(payload: payload, signature: Data(signature).base64EncodedString())
        let encoded = Data(try CanonicalJSON.encode(sealed)).base64EncodedString()
        return content + update(after: content.count, trailer: trailer, seal: encoded)
    }

    /// The appended bytes, a function of P's length, P's trailer and the seal only.
    static func update(after length: Int, trailer: Trailer, seal: String) -> [UInt8] {
        let xrefOffset = length + marker.count
        let info = trailer.info.map { " /Info \($0)" } ?? ""
        let text =
            "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size \(trailer.size) /Root \(trailer.root)\(info) /Prev \(trailer.startxref) /AttestSeal (\(seal)) >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        return marker + Array(text.utf8)
    }

    static func locate(_ file: [UInt8]) -> Result<(content: ArraySlice<UInt8>, seal: ReportSeal), SealFailure> {
        guard let start = ReportSeal.lastIndex(of: marker, in: file) else {
            if ReportSeal.lastIndex(of: Array("/AttestSeal (".utf8), in: file) != nil {
                return .failure(
                    SealFailure(
                        "The PDF has been altered since it was signed: another tool re-wrote it (the seal is still inside, but the bytes it signed are gone)."
                    ))
            }
            return .failure(
                SealFailure(
                    "This PDF is not a sealed Attest report: it carries no attest-seal (was it printed from the browser instead of downloaded?)."))
        }
        let content = file[..<start]
        let tail = file[(start + marker.count)...]
        guard let open = firstIndex(of: Array("/AttestSeal (".utf8), in: tail), let close = tail[open...].firstIndex(of: UInt8(ascii: ")")),
            let text = String(bytes: tail[(open + 13)..<close], encoding: .ascii), let seal = ReportSeal.decode(base64: text)
        else {
            return .failure(SealFailure("The PDF's seal is damaged or unreadable."))
        }
        guard let trailer = Trailer(Array(content)), Array(file[start...]) == update(after: start, trailer: trailer, seal: text) else {
            return .failure(
                SealFailure(
                    "The PDF has been altered since it was signed: the seal's update is not as written (the file was edited or re-saved by another tool)."
                )
            )
        }
        return .success((content, seal))
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index <= haystack.endIndex - needle.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// What the seal's update copies from the printed PDF: its last trailer's `/Size`, `/Root` and
    /// `/Info`, and its last `startxref`. Read from the last 64 KiB only.
    struct Trailer {
        let size: Int
        let root: String
        let info: String?
        let startxref: Int

        init?(_ pdf: [UInt8]) {
            let window = String(decoding: pdf.suffix(64 << 10), as: UTF8.self)
            guard let trailerRange = window.range(of: "trailer", options: .backwards) else { return nil }
            let dictionary = window[trailerRange.upperBound...]
            guard let size = Self.integer(after: "/Size", in: dictionary), let root = Self.reference(after: "/Root", in: dictionary),
                let startRange = window.range(of: "startxref", options: .backwards),
                let startxref = Self.integer(after: "", in: window[startRange.upperBound...])
            else { return nil }
            self.size = size
            self.root = root
            info = Self.reference(after: "/Info", in: dictionary)
            self.startxref = startxref
        }

        /// The decimal digits after `key` and any whitespace.
        static func integer(after key: String, in text: Substring) -> Int? {
            guard let range = key.isEmpty ? text.startIndex..<text.startIndex : text.range(of: key) else { return nil }
            let rest = text[range.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 12 else { return nil }
            return Int(digits)
        }

        /// An indirect reference (`13 0 R`) after `key`.
        static func reference(after key: String, in text: Substring) -> String? {
            guard let range = text.range(of: key) else { return nil }
            let rest = text[range.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" }
            let parts = rest.split(maxSplits: 3, whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == ">" || $0 == "/" })
            guard parts.count >= 3, let object = Int(parts[0]), let generation = Int(parts[1]), parts[2] == "R" else { return nil }
            return "\(object) \(generation) R"
        }
    }
}

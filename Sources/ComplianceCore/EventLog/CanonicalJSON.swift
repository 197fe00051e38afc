import Foundation

/// Deterministic JSON for hashing: keys sorted, no insignificant whitespace, dates as RFC 3339 with
/// milliseconds, slashes unescaped. The same value always gives the same bytes.
public enum CanonicalJSON {
    /// A decoder for what `encode` writes.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an RFC 3339 time"))
            }
            return date
        }
        return decoder
    }

    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.rfc3339(date))
        }
        return try encoder.encode(value)
    }

    /// The same keys and times as `encode`, indented for people: documents others read and save
    /// (key lists, backup manifests), the same bytes every time for the same value.
    public static var readableEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.rfc3339(date))
        }
        return encoder
    }

    /// SHA-256 (hex) of the canonical JSON of `value`.
    public static func digest(_ value: some Encodable) throws -> String {
        Digest.sha256Hex(Array(try encode(value)))
    }

    /// A JSON string literal for `text`, escaped as RFC 8259 requires.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Time formats used on the wire and in hashes.
public enum Timestamp {
    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-28T07:56:52.123Z`. Integer arithmetic
    /// only (days to civil date after Howard Hinnant's algorithm): it runs for every event hash
    /// and every time in a large JSON list.
    public static func rfc3339(_ date: Date) -> String {
        var out = [UInt8]()
        out.reserveCapacity(24)
        appendRFC3339(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `rfc3339(date)`'s bytes, for writers that build large documents.
    public static func appendRFC3339(_ date: Date, to out: inout [UInt8]) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis.floorDiv(1000)
        let days = seconds.floorDiv(86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int) {
            out.append(UInt8(48 + value / 10))
            out.append(UInt8(48 + value % 10))
        }
        two(year / 100 % 100)
        two(year % 100)
        out.append(45)
        two(month)
        out.append(45)
        two(day)
        out.append(84)
        two(secondOfDay / 3600)
        out.append(58)
        two(secondOfDay / 60 % 60)
        out.append(58)
        two(secondOfDay % 60)
        let milli = Int(millis.floorMod(1000))
        out.append(46)
        out.append(UInt8(48 + milli / 100))
        two(milli % 100)
        out.append(90)
    }

    /// `date` moved by whole months (the day clamped to the month's length) and days, in UTC,
    /// with integer arithmetic; the same answer as Calendar, at a fraction of its cost.
    public static func adding(months: Int, days: Int, to date: Date) -> Date {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let dayNumber = millis.floorDiv(86_400_000)
        let milliOfDay = millis - dayNumber * 86_400_000
        var (year, month, day) = civil(fromDays: dayNumber)
        let monthIndex = year * 12 + (month - 1) + months
        year = monthIndex.floorDiv(12)
        month = monthIndex - year * 12 + 1
        day = min(day, daysIn(month: month, year: year))
        let result = daysFromCivil(year: year, month: month, day: day) + Int64(days)
        return Date(timeIntervalSince1970: Double(result * 86_400_000 + milliOfDay) / 1000)
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        return (Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = y.floorDiv(400)
        let yearOfEra = y - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses what `rfc3339` writes (`2026-11-28T07:56:52.123Z`; the fraction may be absent).
    public static func parse(_ text: String) -> Date? {
        guard text.count >= 20, text.hasSuffix("Z"), let day = date(String(text.prefix(10))) else { return nil }
        let time = text.dropFirst(11).dropLast()
        let parts = time.split(separator: ":")
        guard text[text.index(text.startIndex, offsetBy: 10)] == "T", parts.count == 3,
            let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Double(parts[2]),
            (0..<24).contains(hours), (0..<60).contains(minutes), seconds >= 0, seconds < 61
        else { return nil }
        return day.addingTimeInterval(Double(hours * 3600 + minutes * 60) + seconds).roundedToMilliseconds
    }

    /// Parses any RFC 3339 `date-time` (section 5.6): `T` or `t`, a fraction of any length, `Z`, `z`
    /// or a numeric offset. Clients send all of these; `parse` reads only what Attest itself writes.
    public static func time(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let day = date(String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hours = digits(bytes[11..<13]), let minutes = digits(bytes[14..<16]), let whole = digits(bytes[17..<19]),
            hours < 24, minutes < 60, whole <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > start, let value = Double("0." + String(decoding: bytes[start..<index], as: UTF8.self)) else { return nil }
            fraction = value
        }
        let zone = Array(bytes[index...])
        var offset = 0
        if zone == [UInt8(ascii: "Z")] || zone == [UInt8(ascii: "z")] {
            offset = 0
        } else {
            guard zone.count == 6, zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-"), zone[3] == UInt8(ascii: ":"),
                let offsetHours = digits(zone[1..<3]), let offsetMinutes = digits(zone[4..<6]), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (zone[0] == UInt8(ascii: "-") ? -1 : 1)
        }
        let seconds = Double(hours * 3600 + minutes * 60 + whole - offset) + fraction
        return day.addingTimeInterval(seconds).roundedToMilliseconds
    }

    private static func digits(_ slice: ArraySlice<UInt8>) -> Int? {
        guard !slice.isEmpty, slice.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return slice.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// Parses `YYYY-MM-DD` as midnight UTC; nil when malformed or not a real date.
    public static func date(_ text: String) -> Date? {
        // Integer arithmetic, not Calendar: imports parse a date or two on every row of a large file.
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), let year = digits(bytes[0..<4]), year >= 1,
            let month = digits(bytes[5..<7]), (1...12).contains(month), let day = digits(bytes[8..<10]),
            (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return Date(timeIntervalSince1970: Double(daysFromCivil(year: year, month: month, day: day)) * 86_400)
    }
}

extension BinaryInteger {
    fileprivate func floorDiv(_ divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorMod(_ divisor: Self) -> Self {
        self - floorDiv(divisor) * divisor
    }
}

extension Date {
    /// Databases keep times at different precisions (SQLite a double, PostgreSQL microseconds);
    /// Attest keeps milliseconds everywhere, so a time read back equals the time written.
    public var roundedToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}

package aftersales

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIDLength is the longest identifier (of a project, a department, a
// person, a customer, a record) the packages accept, in characters. Every
// Store must keep IDs this long; the reference server's SQL schemas index
// them on SQLite and PostgreSQL alike.
const MaxIDLength = 100

// CheckID trims and checks an identifier: required ("<code>_required"),
// valid UTF-8 of printable characters with no control characters and no
// U+FFFD, the mark of bytes that were no text ("<code>_invalid"), and at
// most MaxIDLength characters
// ("<code>_too_long"), each an invalid-kind error with label in its
// Chinese message. It returns the trimmed ID.
func CheckID(s, code, label string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(code+"_required", "%s不能为空", label)
	}
	if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || !unicode.IsPrint(r) && r != ' ' }) >= 0 {
		return "", invalid(code+"_invalid", "%s含有控制字符或不可打印的字符", label)
	}
	// U+FFFD is what decoding made of bytes that were no text (JSON puts
	// it for invalid UTF-8): an ID nobody can type or find again.
	if strings.ContainsRune(s, utf8.RuneError) {
		return "", invalid(code+"_invalid", "%s含有无法识别的字符（U+FFFD），可能是编码错误", label)
	}
	if n := utf8.RuneCountInString(s); n > MaxIDLength {
		return "", invalid(code+"_too_long", "%s过长（%d 字，最多 %d 字）", label, n, MaxIDLength)
	}
	return s, nil
}

// CheckOptionalID is CheckID for an ID a record may leave out, such as a
// customer's or a project's: empty (or only spaces) gives "" and no error;
// anything else must be an ID as CheckID says.
func CheckOptionalID(s, code, label string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return CheckID(s, code, label)
}

package aftersales

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Personal data (个人信息保护法 第六条 minimisation, 第五十一条 access
// control). A customer's name, phone number, e-mail, other contact and the
// unit of the request are personal information. Only who works with the
// customer sees them in full; everyone else sees them masked: in the API, on
// the desk's pages, in the exports, in the notices and in the logs. The
// rule is SeesContact (for complaints, complaint.SeesContact), and
// Request.MaskedFor applies it.
//
// Who sees a customer's contact in full:
//   - the after-sales department (its head and staff) and the general
//     manager above it, who keep the register, receive complaints (C1) and
//     answer a customer's requests about their data; the software acting
//     for them (RoleSystem);
//   - the customer themself;
//   - staff of a responsible department that has a part in the request
//     (P2.1) while the request is open: they call the customer and go on
//     site; once it is closed or withdrawn they see it masked.
//
// A project specialist and a department no longer working the request see
// the masks. The customer's name is not masked: a record must stay
// recognisable in queues and registers; the retention job pseudonymises it
// once it is no longer needed.

// Mask is what stands for the hidden characters.
const Mask = "****"

// MaskPhone masks a phone number, keeping the first three and the last four
// digits: 13800001111 → 138****1111, +86 13800001111 → +86 138****1111,
// 010-12345678 → 010-****5678. The four digits before the last four are
// replaced; a number of fewer than eight digits keeps only its last two.
// Characters other than digits are kept where they are.
func MaskPhone(s string) string {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	if n == 0 {
		return s
	}
	from, to := n-8, n-4 // the digit positions masked, [from, to)
	if n < 8 {
		from, to = 0, n-2
	}
	var b strings.Builder
	i, masked := 0, false
	for _, c := range s {
		if c < '0' || c > '9' {
			b.WriteRune(c)
			continue
		}
		if i >= from && i < to {
			if !masked {
				b.WriteString(Mask)
				masked = true
			}
		} else {
			b.WriteRune(c)
		}
		i++
	}
	return b.String()
}

// buildingMarks end the part of an address that names a building.
var buildingMarks = []string{"号楼", "栋", "幢", "座", "号院"}

// MaskAddress masks an address or a unit, keeping its building and hiding
// the rest: 3号楼2单元501 → 3号楼****, 北京市朝阳区幸福小区5栋1单元302 →
// 北京市朝阳区幸福小区5栋****. The building ends at the first of 号楼, 栋,
// 幢, 座 or 号院; an address naming none keeps its first third (at most
// six characters), so that the street stays and the number goes. An
// address that is only a building is kept.
func MaskAddress(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if b := Building(s); len(b) < len(s) {
		return b + Mask
	}
	return s
}

// Building returns the part of an address or unit that MaskAddress keeps:
// up to the first of 号楼, 栋, 幢, 座 or 号院, else its first third (at
// most six characters). 3号楼2单元501 → 3号楼.
func Building(s string) string {
	s = strings.TrimSpace(s)
	end := -1
	for _, m := range buildingMarks {
		if i := strings.Index(s, m); i >= 0 && (end < 0 || i+len(m) < end) {
			end = i + len(m)
		}
	}
	if end < 0 {
		end = 0
		for range min(utf8.RuneCountInString(s)/3, 6) {
			_, n := utf8.DecodeRuneInString(s[end:])
			end += n
		}
	}
	return s[:end]
}

// MaskEmail masks an e-mail address, keeping the first character of its
// local part and its domain: zhang.san@example.com → z****@example.com;
// text with no local part before an @ is masked as MaskAddress.
func MaskEmail(s string) string {
	at := strings.LastIndex(s, "@")
	if at <= 0 {
		return MaskAddress(s) // not an address: keep its first third
	}
	first, _ := utf8.DecodeRuneInString(s)
	return string(first) + Mask + s[at:]
}

// MaskContact masks any other way of reaching a customer (Customer.Contact):
// a phone number in it (seven digits or more) as MaskPhone, an e-mail
// address as MaskEmail, anything else, such as a WeChat ID or an address,
// as MaskAddress.
func MaskContact(s string) string {
	digits := 0
	for _, c := range s {
		if unicode.IsDigit(c) {
			digits++
		}
	}
	switch {
	case s == "":
		return ""
	case strings.Contains(s, "@") && !strings.ContainsAny(s, " \t"):
		return MaskEmail(s)
	case digits >= 7 && digits*2 >= utf8.RuneCountInString(s):
		return MaskPhone(s)
	}
	return MaskAddress(s)
}

// Masked returns c with its phone, e-mail and other contact masked; its ID
// and name are kept.
func (c Customer) Masked() Customer {
	c.Phone = MaskPhone(c.Phone)
	c.Email = MaskEmail(c.Email)
	c.Contact = MaskContact(c.Contact)
	return c
}

// SeesContact reports whether a sees the contact details of r's customer
// in full: the after-sales department and the general manager, the customer
// themself, and a department that has a part in r while r is open. See
// the rule above MaskPhone.
func SeesContact(a Actor, r *Request) bool {
	switch {
	case a.IsAfterSales():
		return true
	case a.Role == RoleCustomer:
		return a.ID != "" && a.ID == r.Customer.ID
	case a.Role == RoleSpecialist || a.DepartmentID == "":
		return false
	}
	_, ok := r.Part(a.DepartmentID)
	return ok && !r.Status.Terminal()
}

// MaskedFor returns r as a may see it: r itself when SeesContact, else a
// copy whose customer's contact and unit (Location) are masked. The copy
// shares everything else with r; it is for showing, not for saving.
func (r *Request) MaskedFor(a Actor) *Request {
	if SeesContact(a, r) {
		return r
	}
	m := *r
	m.Customer = r.Customer.Masked()
	m.Location = MaskAddress(r.Location)
	return &m
}

// MaskHistory returns r's history as a may see it: events itself when
// SeesContact, else copies whose registration's customer and unit are
// masked as in MaskedFor.
func MaskHistory(a Actor, r *Request, events []Event) []Event {
	return MaskEach(SeesContact(a, r), events, Event.Masked)
}

// MaskEach returns events itself when sees, else a copy with mask applied
// to each: the masking of a history, for every chapter.
func MaskEach[E any](sees bool, events []E, mask func(E) E) []E {
	if sees {
		return events
	}
	out := make([]E, len(events))
	for i, e := range events {
		out[i] = mask(e)
	}
	return out
}

// Masked returns e with its registration's customer contact and unit
// masked, as MaskedFor masks a request, and a message's sender masked
// as a contact.
func (e Event) Masked() Event {
	if e.Message != nil {
		m := e.Message.Masked()
		e.Message = &m
	}
	if e.Registration != nil {
		reg := *e.Registration
		reg.Customer = reg.Customer.Masked()
		reg.Location = MaskAddress(reg.Location)
		e.Registration = &reg
	}
	return e
}

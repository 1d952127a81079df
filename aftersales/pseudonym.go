package aftersales

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// Pseudonymisation (个人信息保护法 第十九条 retention, 第四十七条 erasure).
// Once a customer's records are no longer needed (closed or withdrawn, and
// the retention period over) or the customer asks for erasure, their name,
// ID, phone, e-mail and other contact become a pseudonym and the unit of
// each request keeps only its building (Building). Every case fact stays:
// the clauses, deadlines, dates, types, causes, departments, outcomes and
// satisfaction of each record and of every event of its history. One
// pseudonym stands for the customer in all their records, so that counts
// of repeat complainants stay right. Nothing maps a pseudonym back to the
// customer: it is random (NewPseudonym), not derived from what it hides.
//
// The history is append-only, and stays honest: the personal fields of the
// events already written are rewritten in place by a privileged operation
// of the store (which changes nothing else, and which the store's guard on
// its event tables lets through only for it), and an EventPseudonymised is
// appended that says when, by whom and why (Reason).

// PseudonymPrefix starts the ID of every pseudonym.
const PseudonymPrefix = "anon-"

// NewPseudonym returns a fresh pseudonym: ID anon- and twelve random hex
// digits, name 匿名客户 and the last four of them; no contact.
func NewPseudonym() Customer {
	b := make([]byte, 6)
	rand.Read(b) // never fails (crypto/rand)
	h := hex.EncodeToString(b)
	return Customer{ID: PseudonymPrefix + h, Name: "匿名客户" + strings.ToUpper(h[8:])}
}

// IsPseudonym reports whether c is already a pseudonym.
func (c Customer) IsPseudonym() bool { return strings.HasPrefix(c.ID, PseudonymPrefix) }

// Key identifies a customer across records, as the monthly report groups
// complainants: their ID, else their phone, else their name; "" when the
// record names none.
func (c Customer) Key() string {
	switch {
	case c.ID != "":
		return c.ID
	case c.Phone != "":
		return "tel:" + c.Phone
	case c.Name != "":
		return "name:" + c.Name
	}
	return ""
}

// Personal reports whether t records something done with the customer's
// personal data rather than with the case: EventPseudonymised and
// EventDataExported. Replay counts them in the version and changes nothing
// else.
func (t EventType) Personal() bool { return t == EventPseudonymised || t == EventDataExported }

// PseudonymisedActor returns a with p in place of the customer when a is
// the customer acting (RoleCustomer), else a.
func PseudonymisedActor(a Actor, p Customer) Actor {
	if a.Role == RoleCustomer {
		a.ID, a.Name = p.ID, p.Name
	}
	return a
}

// Pseudonymised returns e with the customer's personal data replaced by
// the pseudonym p: the registration's customer and unit (Building), the
// customer as actor, the acceptance signer, the sender of a message. Everything else is kept.
func (e Event) Pseudonymised(p Customer) Event {
	e.Actor = PseudonymisedActor(e.Actor, p)
	if e.Registration != nil {
		reg := *e.Registration
		reg.Customer = p
		reg.Location = Building(reg.Location)
		e.Registration = &reg
	}
	if e.Signature != nil {
		sig := *e.Signature
		sig.SignedBy = p.Name
		e.Signature = &sig
	}
	if e.Message != nil {
		m := e.Message.Pseudonymised(p)
		e.Message = &m
	}
	return e
}

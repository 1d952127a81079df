package complaint

import "github.com/shouhou/shouhou/aftersales"

// SeesContact reports whether a sees the complainant's contact details in
// full, by the rule of aftersales.SeesContact: the after-sales department
// and the general manager, who receive complaints (C1); the complainant
// themself; staff (not a project specialist) of a department the complaint was forwarded to while it
// is not closed (C2.1, C3). Anyone else sees them masked.
func SeesContact(a aftersales.Actor, c *Complaint) bool {
	switch {
	case a.IsAfterSales():
		return true
	case a.Role == aftersales.RoleCustomer:
		return a.ID != "" && a.ID == c.Complainant.ID
	case a.Role == aftersales.RoleSpecialist:
		return false
	}
	return inPart(a, c) && !c.Status.Closed()
}

// MaskedFor returns c as a may see it: c itself when SeesContact, else a
// copy whose complainant's contact is masked (aftersales.Customer.Masked).
// The copy is for showing, not for saving.
func (c *Complaint) MaskedFor(a aftersales.Actor) *Complaint {
	if SeesContact(a, c) {
		return c
	}
	m := *c
	m.Complainant = c.Complainant.Masked()
	return &m
}

// MaskHistory returns c's history as a may see it: events itself when
// SeesContact, else copies whose registration's complainant is masked.
func MaskHistory(a aftersales.Actor, c *Complaint, events []Event) []Event {
	return aftersales.MaskEach(SeesContact(a, c), events, Event.Masked)
}

// Masked returns e with its registration's complainant contact and a
// message's sender masked.
func (e Event) Masked() Event {
	if e.Registration != nil {
		reg := *e.Registration
		reg.Complainant = reg.Complainant.Masked()
		e.Registration = &reg
	}
	if e.Message != nil {
		m := e.Message.Masked()
		e.Message = &m
	}
	return e
}

// Pseudonymised returns e with the complainant's personal data replaced by
// the pseudonym p (aftersales.NewPseudonym): the registration's
// complainant, the complainant as actor and the sender of a message, as
// aftersales.Event.Pseudonymised does. Everything else is kept; see
// aftersales.Event.Pseudonymised.
func (e Event) Pseudonymised(p aftersales.Customer) Event {
	e.Actor = aftersales.PseudonymisedActor(e.Actor, p)
	if e.Registration != nil {
		reg := *e.Registration
		reg.Complainant = p
		e.Registration = &reg
	}
	if e.Message != nil {
		m := e.Message.Pseudonymised(p)
		e.Message = &m
	}
	return e
}

package api

import (
	"context"
	"errors"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/warranty"
)

// Reader finds the records a principal may see, by the library's rules
// (aftersales.Viewer, complaint.MaySee): the one place both the API and
// the desk ask them. A record the principal may not see is not found
// (ErrNotVisible), so that its existence does not leak. Records come as
// stored; masking is the caller's (MaskedFor).
type Reader struct {
	Requests   *aftersales.Service
	Complaints *complaint.Service // nil: no complaint is found
	Warranties *warranty.Service  // nil: no warranty's files are found
}

// Request returns request id if p may see it.
func (rd Reader) Request(ctx context.Context, p Principal, id string) (*aftersales.Request, error) {
	req, err := rd.Requests.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := Viewer(ctx, rd.Requests, p)
	if err != nil {
		return nil, err
	}
	if !v.MaySee(req) {
		return nil, ErrNotVisible
	}
	return req, nil
}

// Complaint returns complaint id if p may see it.
func (rd Reader) Complaint(ctx context.Context, p Principal, id string) (*complaint.Complaint, error) {
	if rd.Complaints == nil {
		return nil, aftersales.Errorf(aftersales.KindNotFound, "complaint_not_found", "投诉 %s 不存在", id)
	}
	c, err := rd.Complaints.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := Viewer(ctx, rd.Requests, p)
	if err != nil {
		return nil, err
	}
	if !complaint.MaySee(v, c) {
		return nil, ErrNotVisible
	}
	return c, nil
}

// Files returns nil if p may read the files kept with record id: a
// request's or a complaint's to whoever may see that record; a warranty's
// inspection photos (WarrantyFiles) to the company's people, as they see
// the warranty, never to a customer.
func (rd Reader) Files(ctx context.Context, p Principal, id string) error {
	if project, ok := strings.CutPrefix(id, warrantyFilesPrefix); ok {
		if !isStaff(p) || rd.Warranties == nil {
			return aftersales.Errorf(aftersales.KindNotFound, "file_not_found", "文件不存在")
		}
		_, err := rd.Warranties.Get(ctx, project)
		return err
	}
	_, err := rd.Request(ctx, p, id)
	if errors.Is(err, aftersales.ErrNotFound) && rd.Complaints != nil {
		_, err = rd.Complaint(ctx, p, id)
	}
	return err
}

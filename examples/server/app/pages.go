package app

import "context"

// listPage is how many records eachListed reads at once.
const listPage = 500

// eachListed calls fn for every record list gives, reading a page of
// listPage at a time after the last ID of the page before, so that a job
// over every record of a kind holds one page in memory, however many
// there are. list answers the query of the caller with AfterID and Limit
// set; id gives a record's ID. An error of list or fn stops it.
func eachListed[R any](ctx context.Context, list func(ctx context.Context, afterID string, limit int) ([]R, error),
	id func(R) string, fn func(R) error) error {
	for after := ""; ; {
		rs, err := list(ctx, after, listPage)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rs) < listPage {
			return nil
		}
		after = id(rs[len(rs)-1])
	}
}

package memtable_test

import (
	"context"
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/memtable"
)

// ticket is an integrator's own record, kept beside the library's.
type ticket struct {
	ID      string
	Version int
	Title   string
}

func (t *ticket) Clone() *ticket { c := *t; return &c }

// A Table holding an integrator's own records with their changes, worded
// with the library's error kinds.
func Example() {
	ctx := context.Background()
	tickets := memtable.New(memtable.Config[*ticket, string]{
		Version: func(t *ticket) int { return t.Version },
		Errors: memtable.Errors{
			NotFound: func(id string) error {
				return aftersales.Errorf(aftersales.KindNotFound, "ticket_not_found", "工单 %s 不存在", id)
			},
			Conflict: func(id string, stored, prev int) error {
				return aftersales.Errorf(aftersales.KindConflict, "version_conflict",
					"工单 %s 已被他人修改（当前版本 %d，提交基于版本 %d）", id, stored, prev)
			},
		},
	})
	_ = tickets.Save(ctx, "T-1", 0, &ticket{ID: "T-1", Version: 1, Title: "门锁损坏"}, "created")
	_ = tickets.Save(ctx, "T-1", 1, &ticket{ID: "T-1", Version: 2, Title: "门锁损坏，已派工"}, "assigned")
	err := tickets.Save(ctx, "T-1", 1, &ticket{ID: "T-1", Version: 2, Title: "过期的修改"}, "stale")
	fmt.Println(aftersales.KindOf(err), err)
	t, _ := tickets.Get(ctx, "T-1")
	h, _ := tickets.History(ctx, "T-1")
	fmt.Println(t.Version, t.Title, h)
	// Output:
	// conflict version_conflict: 工单 T-1 已被他人修改（当前版本 2，提交基于版本 1）
	// 2 门锁损坏，已派工 [created assigned]
}

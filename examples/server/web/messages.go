package web

import (
	"strings"

	"github.com/shouhou/shouhou/aftersales"
)

// addMessage describes a message received about a record (P1.1, C1), for
// the history of a request or a complaint.
func addMessage(m *aftersales.Message, add func(label, s string)) {
	if m == nil {
		return
	}
	add("来信方式", m.Channel.Label())
	add("来信人", m.From)
	add("来信内容", m.Text)
	add("附件", strings.Join(m.Attachments, "、"))
}

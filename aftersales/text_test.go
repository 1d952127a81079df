package aftersales_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestTextKeepsLinesAndRefusesControlCharacters: free text may run over
// several lines and hold tabs, but not a NUL, an escape or another control
// character, which no person types and which would travel into the
// forms, the exports and the notices.
func TestTextKeepsLinesAndRefusesControlCharacters(t *testing.T) {
	got, err := aftersales.Text("  卫生间渗水\r\n\t第二处：阳台  ", true, 200, "description", "问题描述")
	require.NoError(t, err)
	require.Equal(t, "卫生间渗水\r\n\t第二处：阳台", got)
	for _, s := range []string{"渗水\x00", "\x1b[2J渗水", "渗\x7f水", "渗\u0085水", "渗\x08水", "渗\u202e水", "渗\u2066水"} {
		_, err := aftersales.Text(s, true, 200, "description", "问题描述")
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "description_invalid"}, "%q", s)
		// CleanText makes text taken in from outside into what Text takes.
		clean, err := aftersales.Text(aftersales.CleanText(s), true, 200, "description", "问题描述")
		require.NoError(t, err, "%q", s)
		require.Contains(t, clean, "水")
	}
	require.Equal(t, "卫生间\r\n\t渗水\uFFFD", aftersales.CleanText("卫生间\r\n\t渗水\xff"))
}

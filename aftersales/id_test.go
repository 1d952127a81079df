package aftersales_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

func TestCheckID(t *testing.T) {
	for _, tc := range []struct {
		in, want, code string
	}{
		{" P-001 ", "P-001", ""},
		{"项目一部", "项目一部", ""},
		{"", "", "project_id_required"},
		{"   ", "", "project_id_required"},
		{"\x00", "", "project_id_invalid"},
		{"P\u200b1", "", "project_id_invalid"},
		{"P-\x7f", "", "project_id_invalid"},
		{"\xff", "", "project_id_invalid"},
		{"P-\ufffd", "", "project_id_invalid"},
		{strings.Repeat("项", aftersales.MaxIDLength), strings.Repeat("项", aftersales.MaxIDLength), ""},
		{strings.Repeat("项", aftersales.MaxIDLength+1), "", "project_id_too_long"},
	} {
		got, err := aftersales.CheckID(tc.in, "project_id", "项目编号")
		if tc.code == "" {
			require.NoError(t, err, "%q", tc.in)
			require.Equal(t, tc.want, got)
			continue
		}
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: tc.code}, "%q", tc.in)
	}
}

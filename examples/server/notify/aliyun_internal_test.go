package notify

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAliyunSignatureWorkedExamples checks the RPC signing against the
// worked examples of Aliyun's documentation.
//
// The SMS service's "HTTP 协议及签名" page (help.aliyun.com
// document_detail/56189) signs a GET SendSms with AccessKeyId testId and
// secret testSecret: it gives the string to sign and the signature
// zJDF+Lrzhj/ThnlvIToysFRq6t4=. The general RPC signature page signs a GET
// DescribeRegions (ECS) with testid and testsecret:
// OLeaidS1JvxuMvnyHOwuJ+uX5qY=.
func TestAliyunSignatureWorkedExamples(t *testing.T) {
	sms := url.Values{
		"AccessKeyId":      {"testId"},
		"Action":           {"SendSms"},
		"Format":           {"XML"},
		"OutId":            {"123"},
		"PhoneNumbers":     {"15300000001"},
		"RegionId":         {"cn-hangzhou"},
		"SignName":         {"阿里云短信测试专用"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureNonce":   {"45e25e9b-0a6f-4070-8c85-2956eda1b466"},
		"SignatureVersion": {"1.0"},
		"TemplateCode":     {"SMS_71390007"},
		"TemplateParam":    {`{"customer":"test"}`},
		"Timestamp":        {"2017-07-12T02:42:19Z"},
		"Version":          {"2017-05-25"},
	}
	require.Equal(t, "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25",
		aliyunStringToSign(http.MethodGet, sms))
	require.Equal(t, "zJDF+Lrzhj/ThnlvIToysFRq6t4=", AliyunSignature(http.MethodGet, sms, "testSecret"))
	sms.Set("Signature", "ignored: never signs itself")
	require.Equal(t, "zJDF+Lrzhj/ThnlvIToysFRq6t4=", AliyunSignature(http.MethodGet, sms, "testSecret"))

	ecs := url.Values{
		"AccessKeyId":      {"testid"},
		"Action":           {"DescribeRegions"},
		"Format":           {"XML"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureNonce":   {"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
		"SignatureVersion": {"1.0"},
		"Timestamp":        {"2016-02-23T12:46:24Z"},
		"Version":          {"2014-05-26"},
	}
	require.Equal(t, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AliyunSignature(http.MethodGet, ecs, "testsecret"))
}

func TestAliyunEncode(t *testing.T) {
	for in, want := range map[string]string{"a b": "a%20b", "*": "%2A", "~-_.": "~-_.", "/=&+": "%2F%3D%26%2B", "派": "%E6%B4%BE", "2016-02-23T12:46:24Z": "2016-02-23T12%3A46%3A24Z"} {
		require.Equal(t, want, AliyunEncode(in), in)
	}
}

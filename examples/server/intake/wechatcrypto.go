package intake

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// WeChatSignature is the 公众号 platform's signature: the SHA-1, in lower
// hex, of the token, the timestamp, the nonce and (in safe mode, for
// msg_signature) the encrypted message, sorted and joined. The URL check
// and the signature query parameter sign the first three; msg_signature
// signs all four.
func WeChatSignature(parts ...string) string {
	s := append([]string(nil), parts...)
	sort.Strings(s)
	sum := sha1.Sum([]byte(strings.Join(s, "")))
	return hex.EncodeToString(sum[:])
}

// sameSignature compares a signature in constant time.
func sameSignature(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(got)), []byte(want)) == 1
}

// wechatBlock is the padding block of the platform's safe mode: PKCS#7
// to a multiple of 32 bytes, although AES's block is 16.
const wechatBlock = 32

// wechatKey reads the EncodingAESKey: 43 characters of Base64 without
// its final "=", 32 bytes of AES-256 key.
func wechatKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, fmt.Errorf("应为 43 个字符（公众号后台的 EncodingAESKey），现为 %d 个", len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, errors.New("不是有效的 EncodingAESKey（43 个 Base64 字符）")
	}
	return key, nil
}

// errDecrypt is every failure to open a message: the sender learns
// nothing of which check failed.
var errDecrypt = errors.New("消息解密失败")

// wechatDecrypt opens an Encrypt element: Base64 of AES-256-CBC (the key's
// first 16 bytes as IV) over 16 random bytes, the message's length (4
// bytes, big-endian), the message and the AppID, which must be appID.
func wechatDecrypt(key []byte, appID, encrypted string) ([]byte, error) {
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil || len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, errDecrypt
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, errDecrypt
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, key[:aes.BlockSize]).CryptBlocks(plain, data)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > wechatBlock || pad > len(plain) {
		return nil, errDecrypt
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		return nil, errDecrypt
	}
	n := binary.BigEndian.Uint32(plain[16:20])
	if uint64(n) > uint64(len(plain)-20) {
		return nil, errDecrypt
	}
	msg, id := plain[20:20+n], plain[20+n:]
	if subtle.ConstantTimeCompare(id, []byte(appID)) != 1 {
		return nil, errDecrypt
	}
	return msg, nil
}

// wechatEncrypt seals a reply the way wechatDecrypt opens a message,
// with 16 random bytes from random (crypto/rand.Reader but in tests).
func wechatEncrypt(random io.Reader, key []byte, appID string, msg []byte) (string, error) {
	var buf bytes.Buffer
	prefix := make([]byte, 16)
	if _, err := io.ReadFull(random, prefix); err != nil {
		return "", err
	}
	buf.Write(prefix)
	_ = binary.Write(&buf, binary.BigEndian, uint32(len(msg)))
	buf.Write(msg)
	buf.WriteString(appID)
	pad := wechatBlock - buf.Len()%wechatBlock
	buf.Write(bytes.Repeat([]byte{byte(pad)}, pad))
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	out := make([]byte, buf.Len())
	cipher.NewCBCEncrypter(block, key[:aes.BlockSize]).CryptBlocks(out, buf.Bytes())
	return base64.StdEncoding.EncodeToString(out), nil
}

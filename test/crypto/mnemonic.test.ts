import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { mnemonicToSeedSync } from '@scure/bip39';
import { CryptoError } from '../../src/crypto/errors.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import {
  AGORA_COIN_TYPE,
  agoraDerivationPath,
  deriveEd25519Slip10,
  formatDerivationPath,
  generateMnemonic,
  keyPairFromMnemonic,
  validateMnemonic,
} from '../../src/crypto/mnemonic.ts';

// SLIP-0010, "Test vector 1 for ed25519" and "Test vector 2 for ed25519"
// (https://github.com/satoshilabs/slips/blob/master/slip-0010.md). The published public keys carry
// SLIP-0010's 0x00 prefix for ed25519; the Ed25519 public key is the 32 bytes after it.
interface Slip10Row {
  path: number[];
  chainCode: string;
  privateKey: string;
  publicKey: string;
}

const VECTOR_1_SEED = '000102030405060708090a0b0c0d0e0f';
const VECTOR_1: Slip10Row[] = [
  { path: [], chainCode: '90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb', privateKey: '2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7', publicKey: '00a4b2856bfec510abab89753fac1ac0e1112364e7d250545963f135f2a33188ed' },
  { path: [0], chainCode: '8b59aa11380b624e81507a27fedda59fea6d0b779a778918a2fd3590e16e9c69', privateKey: '68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3', publicKey: '008c8a13df77a28f3445213a0f432fde644acaa215fc72dcdf300d5efaa85d350c' },
  { path: [0, 1], chainCode: 'a320425f77d1b5c2505a6b1b27382b37368ee640e3557c315416801243552f14', privateKey: 'b1d0bad404bf35da785a64ca1ac54b2617211d2777696fbffaf208f746ae84f2', publicKey: '001932a5270f335bed617d5b935c80aedb1a35bd9fc1e31acafd5372c30f5c1187' },
  { path: [0, 1, 2], chainCode: '2e69929e00b5ab250f49c3fb1c12f252de4fed2c1db88387094a0f8c4c9ccd6c', privateKey: '92a5b23c0b8a99e37d07df3fb9966917f5d06e02ddbd909c7e184371463e9fc9', publicKey: '00ae98736566d30ed0e9d2f4486a64bc95740d89c7db33f52121f8ea8f76ff0fc1' },
  { path: [0, 1, 2, 2], chainCode: '8f6d87f93d750e0efccda017d662a1b31a266e4a6f5993b15f5c1f07f74dd5cc', privateKey: '30d1dc7e5fc04c31219ab25a27ae00b50f6fd66622f6e9c913253d6511d1e662', publicKey: '008abae2d66361c879b900d204ad2cc4984fa2aa344dd7ddc46007329ac76c429c' },
  { path: [0, 1, 2, 2, 1000000000], chainCode: '68789923a0cac2cd5a29172a475fe9e0fb14cd6adb5ad98a3fa70333e7afa230', privateKey: '8f94d394a8e8fd6b1bc2f3f49f5c47e385281d5c17e65324b0f62483e37e8793', publicKey: '003c24da049451555d51a7014a37337aa4e12d41e485abccfa46b47dfb2af54b7a' },
];

const VECTOR_2_SEED =
  'fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542';
const VECTOR_2: Slip10Row[] = [
  { path: [], chainCode: 'ef70a74db9c3a5af931b5fe73ed8e1a53464133654fd55e7a66f8570b8e33c3b', privateKey: '171cb88b1b3c1db25add599712e36245d75bc65a1a5c9e18d76f9f2b1eab4012', publicKey: '008fe9693f8fa62a4305a140b9764c5ee01e455963744fe18204b4fb948249308a' },
  { path: [0], chainCode: '0b78a3226f915c082bf118f83618a618ab6dec793752624cbeb622acb562862d', privateKey: '1559eb2bbec5790b0c65d8693e4d0875b1747f4970ae8b650486ed7470845635', publicKey: '0086fab68dcb57aa196c77c5f264f215a112c22a912c10d123b0d03c3c28ef1037' },
  { path: [0, 2147483647], chainCode: '138f0b2551bcafeca6ff2aa88ba8ed0ed8de070841f0c4ef0165df8181eaad7f', privateKey: 'ea4f5bfe8694d8bb74b7b59404632fd5968b774ed545e810de9c32a4fb4192f4', publicKey: '005ba3b9ac6e90e83effcd25ac4e58a1365a9e35a3d3ae5eb07b9e4d90bcf7506d' },
  { path: [0, 2147483647, 1], chainCode: '73bd9fff1cfbde33a1b846c27085f711c0fe2d66fd32e139d3ebc28e5a4a6b90', privateKey: '3757c7577170179c7868353ada796c839135b3d30554bbb74a4b1e4a5a58505c', publicKey: '002e66aa57069c86cc18249aecf5cb5a9cebbfd6fadeab056254763874a9352b45' },
  { path: [0, 2147483647, 1, 2147483646], chainCode: '0902fe8a29f9140480a00ef244bd183e8a13288e4412d8389d140aac1794825a', privateKey: '5837736c89570de861ebc173b1086da4f505d4adb387c6a1b1342d5e4ac9ec72', publicKey: '00e33c0f7d81d843c572275f287498e8d408654fdf0d1e065b84e2e6f157aab09b' },
  { path: [0, 2147483647, 1, 2147483646, 2], chainCode: '5d70af781f3a37b829f0d060924d5e960bdc02e85423494afc0b1a41bbe196d4', privateKey: '551d333177df541ad876a60ea71f00447931c0a9da16f227c11ea080d7391b8d', publicKey: '0047150c75db263559a70d5778bf36abbab30fb061ad69f69ece61a72b0cfa4fc0' },
];

function checkVector(seedHex: string, rows: Slip10Row[]): void {
  for (const row of rows) {
    const node = deriveEd25519Slip10(fromHex(seedHex), row.path);
    const label = formatDerivationPath(row.path);
    assert.equal(toHex(node.chainCode), row.chainCode, `chain code at ${label}`);
    assert.equal(toHex(node.privateKey), row.privateKey, `private key at ${label}`);
    assert.equal(`00${toHex(new KeyPair(node.privateKey).publicKey)}`, row.publicKey, `public key at ${label}`);
  }
}

test('SLIP-0010 ed25519 test vector 1', () => checkVector(VECTOR_1_SEED, VECTOR_1));

test('SLIP-0010 ed25519 test vector 2 (indexes up to 2^31 - 1)', () => checkVector(VECTOR_2_SEED, VECTOR_2));

test('the Agora path is m/44\'/7777\'/account\'/0\'/0\'', () => {
  assert.equal(AGORA_COIN_TYPE, 7777);
  assert.equal(formatDerivationPath(agoraDerivationPath(0)), "m/44'/7777'/0'/0'/0'");
  assert.equal(formatDerivationPath(agoraDerivationPath(5)), "m/44'/7777'/5'/0'/0'");
  assert.throws(() => agoraDerivationPath(-1), { code: 'bad_account' });
  assert.throws(() => agoraDerivationPath(2 ** 31), { code: 'bad_account' });
  assert.throws(() => agoraDerivationPath(1.5), { code: 'bad_account' });
});

const ABANDON_12 = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

test('keyPairFromMnemonic = SLIP-0010 on the BIP-39 seed (empty passphrase) along the Agora path', () => {
  for (const account of [0, 1, 2 ** 31 - 1]) {
    const expected = deriveEd25519Slip10(mnemonicToSeedSync(ABANDON_12, ''), agoraDerivationPath(account));
    assert.equal(toHex(keyPairFromMnemonic(ABANDON_12, account).secretKey), toHex(expected.privateKey));
  }
});

test('keyPairFromMnemonic: pinned addresses (regression values computed by this code, not published)', () => {
  assert.equal(keyPairFromMnemonic(ABANDON_12).address, 'agora1cd3rn2cf28dmz5qfgc6cjexg68u3rytljfeej6');
  assert.equal(keyPairFromMnemonic(ABANDON_12, 1).address, 'agora179cdz0lfv7kxu0wq2lr3xra9nsra9822nuh293');
  const abandon24 = `${'abandon '.repeat(23)}art`;
  assert.equal(
    toHex(keyPairFromMnemonic(abandon24).publicKey),
    '0c91955146a34901a03ae738778f3ea13cb9d272643622f4d8343ac463cac33a',
  );
});

test('keyPairFromMnemonic ignores stray white space and capitals', () => {
  const messy = `  ${ABANDON_12.toUpperCase().split(' ').join(' \t ')}\n`;
  assert.equal(keyPairFromMnemonic(messy).address, keyPairFromMnemonic(ABANDON_12).address);
});

test('generateMnemonic gives 24 valid English words, different each time', () => {
  const first = generateMnemonic();
  const second = generateMnemonic();
  assert.equal(first.split(' ').length, 24);
  assert.ok(validateMnemonic(first));
  assert.notEqual(first, second);
  assert.notEqual(keyPairFromMnemonic(first).address, keyPairFromMnemonic(second).address);
});

test('validateMnemonic refuses bad checksums, unknown words, wrong counts and non-strings', () => {
  assert.ok(validateMnemonic(ABANDON_12));
  assert.equal(validateMnemonic('abandon '.repeat(11) + 'abandon'), false); // checksum
  assert.equal(validateMnemonic('abandon '.repeat(11) + 'notaword'), false);
  assert.equal(validateMnemonic('abandon '.repeat(10) + 'about'), false); // 11 words
  assert.equal(validateMnemonic(''), false);
  assert.equal(validateMnemonic(42 as unknown as string), false);
  assert.equal(validateMnemonic('abandon '.repeat(5000)), false);
});

test('an invalid mnemonic is a CryptoError bad_mnemonic that does not repeat the words', () => {
  const words = 'zoo zebra abandon ability able about above absent absorb abstract absurd abuse';
  let caught: unknown;
  try {
    keyPairFromMnemonic(words);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof CryptoError);
  assert.equal(caught.code, 'bad_mnemonic');
  for (const text of [caught.message, String(caught), inspect(caught), JSON.stringify(caught)]) {
    assert.ok(!text.includes('zebra') && !text.includes('absurd'), `error text leaks words: ${text}`);
  }
});

test('deriveEd25519Slip10 refuses bad seeds and indexes', () => {
  assert.throws(() => deriveEd25519Slip10(new Uint8Array(15), []), { code: 'bad_seed' });
  assert.throws(() => deriveEd25519Slip10(new Uint8Array(65), []), { code: 'bad_seed' });
  assert.throws(() => deriveEd25519Slip10(new Uint8Array(16), [2 ** 31]), { code: 'bad_path' });
  assert.throws(() => deriveEd25519Slip10(new Uint8Array(16), [-1]), { code: 'bad_path' });
});

test('mnemonic.ts stays browser-safe: no Node built-in imports', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../../src/crypto/mnemonic.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /from\s+['"]node:/u);
});

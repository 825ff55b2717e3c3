import { describeKurrentDbAddress } from './kurrentdb-address';

describe('describeKurrentDbAddress', () => {
  it('keeps the scheme and the hosts', () => {
    expect(describeKurrentDbAddress('kurrentdb://localhost:2113?tls=false')).toBe('kurrentdb://localhost:2113');
    expect(describeKurrentDbAddress('kurrentdb+discover://a:2113,b:2113/?nodePreference=leader')).toBe(
      'kurrentdb+discover://a:2113,b:2113',
    );
  });

  it('drops the credentials and the query, which may hold secrets', () => {
    const described = describeKurrentDbAddress('kurrentdb://admin:changeit@db.internal:2113?tls=true&userKeyFile=/k.pem');
    expect(described).toBe('kurrentdb://db.internal:2113');
  });

  it('says so when there is no host to name', () => {
    expect(describeKurrentDbAddress('not a url')).toBe('an unparseable address');
  });
});

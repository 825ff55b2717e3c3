/**
 * Where a connection string points, fit for a log line and an error message: the scheme and the
 * hosts, never the user name or password a `kurrentdb://user:pass@host` string may carry, nor
 * its query (which may hold a certificate path or a token).
 */
export const describeKurrentDbAddress = (connectionString: string): string => {
  const match = /^([a-z+]+):\/\/(?:[^@/?]*@)?([^/?]*)/i.exec(connectionString.trim());
  if (!match || match[2] === '') return 'an unparseable address';
  return `${match[1].toLowerCase()}://${match[2]}`;
};

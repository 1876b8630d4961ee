// The ceiling of `bench/public.ts`: a bare node:http server sending the same bytes as the application's
// item JSON and guide page (read from the files named on the command line), with the same content types.
//   node bench/lib/ceiling.mjs <port> <item.json> <guide.html>
import fs from 'node:fs';
import http from 'node:http';

const [port, jsonFile, htmlFile] = process.argv.slice(2);
const json = fs.readFileSync(jsonFile);
const html = fs.readFileSync(htmlFile);
http
  .createServer((req, res) => {
    const isHtml = req.url.startsWith('/items/');
    res.writeHead(200, {
      'content-type': isHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      'content-length': (isHtml ? html : json).length,
      etag: '"ceiling"',
    });
    res.end(isHtml ? html : json);
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'));

// The callback examples of TRTC's documentation, as published (whitespace aside), so the parser is tested against
// what the service documents rather than against what our own sender writes.
// DOC_54914: https://www.tencentcloud.com/document/product/647/54914 (Cloud Recording and Web Page Recording Webhooks)
// DOC_45169: https://www.tencentcloud.com/document/product/647/45169 (On-Cloud Recording, "Callbacks")

/** The signature example of /54914 ("Signature Verification Example", Java and Python): key, body and Sign. */
export const SIGNATURE_EXAMPLE = {
  key: "123654",
  body:
    "{\n" +
    '\t"EventGroupId":\t2,\n' +
    '\t"EventType":\t204,\n' +
    '\t"CallbackTs":\t1664209748188,\n' +
    '\t"EventInfo":\t{\n' +
    '\t\t"RoomId":\t8489,\n' +
    '\t\t"EventTs":\t1664209748,\n' +
    '\t\t"EventMsTs":\t1664209748180,\n' +
    '\t\t"UserId":\t"user_85034614",\n' +
    '\t\t"Reason":\t0\n' +
    "\t}\n" +
    "}",
  sign: "kkoFeO3Oh2ZHnjtg8tEAQhtXK16/KI05W3BQff8IvGA=",
};

export const EXAMPLES = {
  // /54914
  301: `{"EventGroupId": 3, "EventType": 301, "CallbackTs": 1622186275913, "EventInfo": {"RoomId": "xx", "EventTs": "1622186275", "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 0}}}`,
  302: `{"EventGroupId": 3, "EventType": 302, "CallbackTs": 1622186354806, "EventInfo": {"RoomId": "xx", "EventTs": "1622186354", "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"LeaveCode": 0}}}`,
  // /45169 (the 303, 304, 305 and 308 examples are there only)
  303: `{"EventGroupId": 3, "EventType": 303, "CallbackTs": 1622191965320, "EventInfo": {"RoomId": "20015", "EventTs": 1622191965, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 0}}}`,
  304: `{"EventGroupId": 3, "EventType": 304, "CallbackTs": 1622191965350, "EventInfo": {"RoomId": "20015", "EventTs": 1622191965, "UserId": "xx", "TaskId": "xx", "Payload": {"FileList": "xx.m3u8"}}}`,
  305: `{"EventGroupId": 3, "EventType": 305, "CallbackTs": 1622191989674, "EventInfo": {"RoomId": "20015", "EventTs": 1622191989, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 0}}}`,
  // /54914
  306: `{"EventGroupId": 3, "EventType": 306, "CallbackTs": 1622191989674, "EventInfo": {"RoomId": "20015", "EventTs": 1622191989, "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 0}}}`,
  // /45169
  307: `{"EventGroupId": 3, "EventType": 307, "CallbackTs": 1622186289148, "EventInfo": {"RoomId": "xx", "EventTs": "1622186289", "UserId": "xx", "TaskId": "xx", "Payload": {"FileName": "xx.m3u8", "UserId": "xx", "TrackType": "audio", "BeginTimeStamp": 1622186279144}}}`,
  308: `{"EventGroupId": 3, "EventType": 308, "CallbackTs": 1622191989674, "EventInfo": {"RoomId": "20015", "EventTs": 1622191989, "UserId": "xx", "TaskId": "xx", "Payload": {"Code": "xx", "Message": "xx"}}}`,
  // /54914
  309: `{"EventGroupId": 3, "EventType": 309, "CallbackTs": 1622191989674, "EventInfo": {"RoomId": "20015", "EventTs": 1622191989, "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"Url": "http://xx"}}}`,
  310: `{"EventGroupId": 3, "EventType": 310, "CallbackTs": 1622191965320, "EventInfo": {"RoomId": "20015", "EventTs": 1622191989, "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 0, "FileList": ["xxxx1.mp4", "xxxx2.mp4"], "FileMessage": [{"FileName": "xxxx1.mp4", "UserId": "xxxx", "TrackType": "audio_video", "MediaId": "main", "StartTimeStamp": 1622186279145, "EndTimeStamp": 1622186282145}, {"FileName": "xxxx2.mp4", "UserId": "xxxx", "TrackType": "audio_video", "MediaId": "main", "StartTimeStamp": 1622186279153, "EndTimeStamp": 1622186282153}]}}}`,
  311: `{"EventGroupId": 3, "EventType": 311, "CallbackTs": 1622191965320, "EventInfo": {"RoomId": "20015", "EventTs": 1622191965, "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 0, "TencentVod": {"UserId": "xx", "TrackType": "audio_video", "MediaId": "main", "FileId": "xxxx", "VideoUrl": "http://xxxx", "CacheFile": "xxxx.mp4", "StartTimeStamp": 1622186279153, "EndTimeStamp": 1622186282153}}}}`,
  "311-failed": `{"EventGroupId": 3, "EventType": 311, "CallbackTs": 1622191965320, "EventInfo": {"RoomId": "20015", "EventTs": 1622191965, "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 1, "Errmsg": "xxx", "TencentVod": {"UserId": "123", "TrackType": "audio_video", "CacheFile": "xxx.mp4"}}}}`,
  312: `{"EventGroupId": 3, "EventType": 312, "CallbackTs": 1622191965320, "EventInfo": {"RoomId": "20015", "EventTs": 1622191965, "EventMsTs": 1622186275757, "UserId": "xx", "TaskId": "xx", "Payload": {"Status": 0}}}`,
  801: `{"EventGroupId": 8, "EventType": 801, "CallbackTs": 1622186275913, "EventInfo": {"EventMsTs": 1622186275757, "TaskId": "-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE", "Payload": {"Status": 1, "EventMessage": "Success"}}}`,
  802: `{"EventGroupId": 8, "EventType": 802, "CallbackTs": 1622186275913, "EventInfo": {"EventMsTs": 1622186275757, "TaskId": "-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE", "Payload": {"Status": 1, "EventMessage": "Success"}}}`,
  803: `{"EventGroupId": 8, "EventType": 803, "CallbackTs": 1622186275913, "EventInfo": {"EventMsTs": 1622186275757, "TaskId": "-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE", "Payload": {"Status": 1, "EventMessage": "PageRefresh"}}}`,
  804: `{"EventGroupId": 8, "EventType": 804, "CallbackTs": 1622186275913, "EventInfo": {"EventMsTs": 1622186275757, "TaskId": "-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE", "Payload": {"Status": 1, "EventMessage": "Over time limit"}}}`,
} as const;

/**
 * The older 311 example of the Chinese /45169 ("录制开始的时间的获取"): no Status, the file fields directly in Payload,
 * BeginTimeStamp in seconds.
 */
export const OLDER_311_EXAMPLE = `{"EventGroupId": 3, "EventType": 311, "CallbackTs": 1622186289148, "EventInfo": {"RoomId": "xx", "EventTs": "1622186289", "UserId": "xx", "TaskId": "xx", "Payload": {"UserId": "anchor1", "TrackType": "video", "MediaId": "main", "FileId": "xxxxx", "VideoUrl": "http://xxxxx", "CacheFile": "xxxxxx", "BeginTimeStamp": 1622186279, "EndTimeStamp": 1622186811}}}`;
